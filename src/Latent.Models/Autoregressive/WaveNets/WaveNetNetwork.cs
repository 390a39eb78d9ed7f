using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// WaveNet's network: the μ-law classes of a clip, shifted one step right (so that position t sees only samples before
/// t), are embedded, pass a causal convolution and a stack of <see cref="WaveNetLayer"/>s with dilations 1, 2, …, 512
/// (repeated), whose skip outputs are summed and mapped by ReLU, 1×1, ReLU, 1×1 to the logits of every class.
/// <see cref="Start"/> generates with cached activations: each new sample costs one step per layer.
/// </summary>
public sealed class WaveNetNetwork : Module
{
    private readonly Embedding _embed;
    private readonly Conv1d _input;
    private readonly WaveNetLayer[] _layers;
    private readonly Conv1d _hidden;
    private readonly Conv1d _output;

    /// <summary>Builds the network of <paramref name="options"/>, conditioned on <paramref name="classes"/> digits when <see cref="WaveNetOptions.Conditional"/> is set.</summary>
    public WaveNetNetwork(WaveNetOptions options, Generator gen, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gen);
        options.Validate();
        if (options.Conditional && classes < 2) throw new ArgumentException($"WaveNetNetwork: conditioning needs at least 2 classes, got {classes}.", nameof(classes));
        Quantization = options.Quantization;
        Classes = options.Conditional ? classes : 0;
        int r = options.ResidualChannels, s = options.SkipChannels;
        _embed = RegisterModule("embed", new Embedding(Quantization, r, gen));
        _input = RegisterModule("input", Conv1d.Causal(r, r, 2, gen));
        var dilations = options.Dilations();
        _layers = new WaveNetLayer[dilations.Length];
        for (int i = 0; i < dilations.Length; i++) _layers[i] = RegisterModule($"layer{i}", new WaveNetLayer(r, s, dilations[i], Classes, gen));
        _hidden = RegisterModule("hidden", new Conv1d(s, s, 1, gen));
        _output = RegisterModule("output", new Conv1d(s, Quantization, 1, gen));
        ReceptiveField = 2 + dilations.Sum();
    }

    /// <summary>μ-law classes of a sample.</summary>
    public int Quantization { get; }

    /// <summary>Digits the network is conditioned on; 0 without conditioning.</summary>
    public int Classes { get; }

    /// <summary>How many past samples an output can see.</summary>
    public int ReceptiveField { get; }

    /// <summary>The class fed in before the first sample: silence, the middle class.</summary>
    public int Silence => Quantization / 2;

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<WaveNetLayer> Layers => _layers;

    /// <summary>
    /// Logits [N, Quantization, T] of every position of the clips whose classes are <paramref name="classes"/> [N][T]:
    /// position t depends only on classes before t (and on the digit, when conditional).
    /// </summary>
    /// <exception cref="ArgumentException">The clips are ragged or empty, a class is out of range, or the labels do not fit.</exception>
    public Tensor Forward(int[][] classes, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(classes);
        int n = classes.Length;
        if (n == 0 || classes[0].Length == 0) throw new ArgumentException("WaveNetNetwork: no samples.", nameof(classes));
        int t = classes[0].Length;
        CheckLabels(labels, n);
        var shifted = new int[n * t];
        for (int i = 0; i < n; i++)
        {
            if (classes[i].Length != t) throw new ArgumentException($"WaveNetNetwork: clip {i} has {classes[i].Length} samples, clip 0 has {t}.", nameof(classes));
            shifted[i * t] = Silence;
            for (int j = 1; j < t; j++) shifted[i * t + j] = Check(classes[i][j - 1]);
        }
        return FromInputs(_embed.Forward(shifted).Reshape(n, t, -1).Permute(0, 2, 1), labels);
    }

    /// <summary>
    /// Logits [N, Quantization, T] from the embedded, already shifted inputs [N, R, T] (input t is the embedding of
    /// sample t − 1): the causal part of <see cref="Forward(int[][], int[])"/>, where logits at t depend on inputs 0..t only.
    /// </summary>
    public Tensor FromInputs(Tensor inputs, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank != 3 || inputs.Shape[1] != _embed.Dim)
            throw new ArgumentException($"WaveNetNetwork: expected inputs [N, {_embed.Dim}, T], got [{string.Join(", ", inputs.Shape)}].", nameof(inputs));
        CheckLabels(labels, inputs.Shape[0]);
        var h = _input.Forward(inputs);
        Tensor? skip = null;
        foreach (var layer in _layers)
        {
            var (residual, s) = layer.Forward(h, layer.Condition(labels));
            h = residual;
            skip = skip == null ? s : skip + s;
        }
        return Head(skip!);
    }

    private Tensor Head(Tensor skip) => _output.Forward(_hidden.Forward(skip.Relu()).Relu());

    /// <inheritdoc />
    /// <remarks>Takes the classes as floats [N, T]; see <see cref="Forward(int[][], int[])"/>.</remarks>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2) throw new ArgumentException($"WaveNetNetwork: expected classes [N, T], got [{string.Join(", ", x.Shape)}].", nameof(x));
        var data = x.ToArray();
        int t = x.Shape[1];
        return Forward([.. Enumerable.Range(0, x.Shape[0]).Select(i => data.Skip(i * t).Take(t).Select(v => (int)v).ToArray())], null);
    }

    private int Check(int c) => c >= 0 && c < Quantization ? c : throw new ArgumentException($"WaveNetNetwork: class {c} is outside 0..{Quantization - 1}.");

    private void CheckLabels(int[]? labels, int n)
    {
        if (Classes == 0)
        {
            if (labels != null) throw new ArgumentException("WaveNetNetwork: labels were given, but the network is not conditional.", nameof(labels));
            return;
        }
        if (labels == null || labels.Length != n) throw new ArgumentException($"WaveNetNetwork: the network is conditioned on {Classes} digits and needs one label per clip.", nameof(labels));
        foreach (int y in labels)
            if (y < 0 || y >= Classes) throw new ArgumentException($"WaveNetNetwork: label {y} is outside 0..{Classes - 1}.", nameof(labels));
    }

    /// <summary>Begins generating <paramref name="n"/> clips with cached activations (one step per layer per sample).</summary>
    public Generation Start(int n, int[]? labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        CheckLabels(labels, n);
        return new Generation(this, n, labels);
    }

    /// <summary>
    /// Fast generation (Paine et al., 2016): every layer keeps its inputs of the last <c>dilation</c> steps in a ring, so
    /// that the logits of the next sample come from one two-tap step per layer instead of a pass over the history.
    /// </summary>
    public sealed class Generation
    {
        private readonly WaveNetNetwork _net;
        private readonly int _n;
        private readonly Tensor?[] _conditions;
        private readonly Tensor[][] _rings;
        private Tensor _previousEmbedding;
        private int _t;

        internal Generation(WaveNetNetwork net, int n, int[]? labels)
        {
            _net = net;
            _n = n;
            _conditions = [.. net._layers.Select(l => l.Condition(labels))];
            int r = net._embed.Dim;
            _rings = [.. net._layers.Select(l => Enumerable.Range(0, l.Dilation).Select(_ => Tensor.Zeros(n, r, 1)).ToArray())];
            _previousEmbedding = Tensor.Zeros(n, r, 1);
            _next = [.. Enumerable.Repeat(net.Silence, n)];
        }

        private int[] _next;

        /// <summary>The logits [N, Quantization] of the next sample given every sample fed so far.</summary>
        public Tensor Logits()
        {
            var e = _net._embed.Forward(_next).Reshape(_n, -1, 1);
            var h = Tensor.Concat([_previousEmbedding, e], 2).Conv1d(_net._input.Weight, _net._input.Bias);
            _previousEmbedding = e;
            Tensor? skip = null;
            for (int i = 0; i < _net._layers.Length; i++)
            {
                var layer = _net._layers[i];
                var ring = _rings[i];
                int slot = _t % layer.Dilation;
                var past = ring[slot];
                ring[slot] = h;
                var (residual, s) = layer.Step(past, h, _conditions[i]);
                h = residual;
                skip = skip == null ? s : skip + s;
            }
            _t++;
            return _net.Head(skip!).Reshape(_n, -1);
        }

        /// <summary>Feeds the drawn classes of the sample whose logits <see cref="Logits"/> gave last.</summary>
        public void Feed(int[] classes)
        {
            ArgumentNullException.ThrowIfNull(classes);
            if (classes.Length != _n) throw new ArgumentException($"WaveNet generation: {classes.Length} classes for {_n} clips.", nameof(classes));
            _next = [.. classes.Select(_net.Check)];
        }
    }
}
