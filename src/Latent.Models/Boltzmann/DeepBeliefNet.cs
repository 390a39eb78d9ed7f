using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Boltzmann;

/// <summary>
/// A deep belief net (Hinton, Osindero &amp; Teh 2006) trained greedily: a stack of Bernoulli RBMs, each trained by CD-k
/// on the hidden probabilities p(h | v) of the layers below it (the pixels binarized at a threshold for the first).
/// <see cref="TrainStep"/> trains one layer at a time, <see cref="LayerSteps"/> updates each, bottom up. As a
/// generative model the top two layers are an undirected RBM and the layers below are directed: a sample is a long
/// Gibbs chain in the top RBM followed by one pass down through p(v | h) of every lower layer.
/// </summary>
/// <example>
/// <code>
/// var dbn = new DeepBeliefNet([1, 28, 28], new DbnOptions { Layers = [500, 500, 2000] }, means, 60000, layerSteps: 6000, new Generator(0), new Generator(2));
/// foreach (var batch in loader) dbn.TrainStep(batch);
/// Tensor samples = dbn.Sample(64, new Generator(7));
/// </code>
/// </example>
public sealed class DeepBeliefNet : TrainableModel, ISampler
{
    private readonly int[] _sampleShape;
    private readonly RbmParameters[] _layers;
    private readonly Sgd[] _optimizers;
    private long _updates;

    /// <summary>Creates an untrained stack for examples of shape <paramref name="sampleShape"/>.</summary>
    /// <param name="sampleShape">The shape of one example, e.g. [1, 28, 28].</param>
    /// <param name="options">Layer sizes, CD-k, learning rate, momentum, weight decay, threshold.</param>
    /// <param name="dataMeans">The mean [V] of the binarized training pixels (the first layer's visible biases), or null.</param>
    /// <param name="examples">How many examples <paramref name="dataMeans"/> averages.</param>
    /// <param name="layerSteps">CD updates per layer.</param>
    /// <param name="init">Draws the initial weights.</param>
    /// <param name="rng">The model's stream (Gibbs sampling).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public DeepBeliefNet(int[] sampleShape, DbnOptions options, Tensor? dataMeans, int examples, long layerSteps, Generator init, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerSteps);
        options.Validate();
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"DBN: the sample shape must have positive sizes, got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        _sampleShape = [.. sampleShape];
        Options = options;
        LayerSteps = layerSteps;
        int visible = sampleShape.Aggregate(1, (a, b) => a * b);
        _layers = new RbmParameters[options.Layers.Length];
        _optimizers = new Sgd[options.Layers.Length];
        var modules = new Dictionary<string, Module>();
        var optimizers = new Dictionary<string, Optimizer>();
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new RbmParameters(l == 0 ? visible : options.Layers[l - 1], options.Layers[l], init);
            _optimizers[l] = ContrastiveDivergence.Optimizer(_layers[l], options.LearningRate, options.Momentum, options.WeightDecay);
            modules[$"rbm{l}"] = _layers[l];
            optimizers[$"sgd{l}"] = _optimizers[l];
        }
        if (dataMeans != null) _layers[0].SetVisibleBiasesFromMeans(dataMeans, examples);
        Modules = modules;
        Optimizers = optimizers;
    }

    /// <summary>The options the stack was built with.</summary>
    public DbnOptions Options { get; }

    /// <summary>CD updates per layer.</summary>
    public long LayerSteps { get; }

    /// <summary>The RBMs from the pixels up.</summary>
    public IReadOnlyList<RbmParameters> Layers => _layers;

    /// <summary>The layer the next update trains.</summary>
    public int CurrentLayer => (int)Math.Min(_updates / LayerSteps, _layers.Length - 1);

    /// <summary>Held-out images shown by <see cref="WriteSamples"/> beside their reconstructions.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; }

    /// <inheritdoc />
    public int[] SampleShape => [.. _sampleShape];

    /// <summary>
    /// One CD-k update of <see cref="CurrentLayer"/> on the batch propagated up through the layers below it; returns
    /// "loss" (that layer's reconstruction error per example) and "layer". At a layer's first update above the pixels
    /// its visible biases start at the log-odds of the mean activations p(h | v) of the layer below on that batch, as
    /// the first layer's start at the pixels' (Hinton's practical guide, §8.1).
    /// </summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var _ = Autograd.NoGrad();
        int layer = CurrentLayer;
        var x = Up(Binarize(batch.Inputs), layer);
        if (layer > 0 && _updates == layer * LayerSteps) _layers[layer].SetVisibleBiasesFromMeans(x.Mean(0), x.Shape[0]);
        var (error, _) = ContrastiveDivergence.Update(_layers[layer], _optimizers[layer], x, Options.CdK, chains: null, Rng);
        _updates++;
        return new Dictionary<string, double> { ["loss"] = error, ["layer"] = layer };
    }

    /// <summary>The pixels of images in [0, 1] above the threshold, as rows [N, V].</summary>
    /// <exception cref="ArgumentException">A value lies outside [0, 1] or is NaN.</exception>
    public Tensor Binarize(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var _ = Autograd.NoGrad();
        var rows = RbmParameters.Rows(x, _layers[0].Visible, "visible");
        // A NaN or infinity makes the sum non-finite; three reductions, no temporaries of the batch's size.
        if (!float.IsFinite(rows.Sum().Item()) || rows.Min().Item() < 0f || rows.Max().Item() > 1f)
            throw new ArgumentException("DBN: inputs must lie in [0, 1] (images scaled to [0, 1]).", nameof(x));
        return rows.Gt((float)Options.Threshold);
    }

    /// <summary>Hidden probabilities after <paramref name="depth"/> layers (mean-field up-pass) of visible rows <paramref name="v"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is outside [0, layers].</exception>
    public Tensor Up(Tensor v, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, _layers.Length);
        using var _ = Autograd.NoGrad();
        for (int l = 0; l < depth; l++) v = _layers[l].HiddenProbabilities(v);
        return v;
    }

    /// <summary>Visible probabilities from the states <paramref name="h"/> of layer <paramref name="depth"/>'s hidden units (mean-field down-pass).</summary>
    public Tensor Down(Tensor h, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, _layers.Length);
        using var _ = Autograd.NoGrad();
        for (int l = depth - 1; l >= 0; l--) h = _layers[l].VisibleProbabilities(h);
        return h;
    }

    /// <summary>
    /// "reconstruction_error": Σᵢ (vᵢ − v̂ᵢ)² per held-out image, v̂ the mean-field pass up through every layer trained
    /// so far and back down; "layer": the layer being trained.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var _ = Autograd.NoGrad();
        int depth = CurrentLayer + 1;
        double error = 0;
        int count = 0;
        foreach (var batch in data)
        {
            var v = Binarize(batch.Inputs);
            error += (v - Down(Up(v, depth), depth)).Square().Sum().Item();
            count += v.Shape[0];
        }
        return count == 0 ? new Dictionary<string, double>()
            : new Dictionary<string, double> { ["reconstruction_error"] = error / count, ["layer"] = CurrentLayer };
    }

    /// <summary>
    /// <paramref name="count"/> samples in [0, 1]: <see cref="DbnOptions.SampleSteps"/> Gibbs steps in the top RBM from
    /// uniform noise, then one pass down the directed layers (binary states drawn at each hidden layer, p(v | h) at the pixels).
    /// </summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        var top = _layers[^1];
        var (state, probabilities) = top.Gibbs(Tensor.Bernoulli(0.5f, [count, top.Visible], gen), Options.SampleSteps, gen);
        if (_layers.Length == 1) return probabilities.Reshape([count, .. _sampleShape]);
        var h = state;
        for (int l = _layers.Length - 2; l >= 1; l--) h = _layers[l].SampleVisible(h, gen);
        return _layers[0].VisibleProbabilities(h).Reshape([count, .. _sampleShape]);
    }

    /// <summary>Writes <c>{prefix}-samples.png</c>, <c>{prefix}-filters.png</c> (first layer) and <c>{prefix}-reconstructions.png</c>, for image-shaped examples.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (_sampleShape.Length != 3) return;
        using var _ = Autograd.NoGrad();
        IO.ImageGrid.Save(Sample(64, new Generator(7)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
        IO.ImageGrid.Save(FilterImages.Of(_layers[0], 100, _sampleShape), SampleFiles.Path(directory, prefix, "filters"), columns: 10);
        if (Preview == null) return;
        var v = Binarize(Preview.Narrow(0, 0, Math.Min(16, Preview.Shape[0])));
        int depth = CurrentLayer + 1;
        IO.ImageGrid.Save(Tensor.Concat([v, Down(Up(v, depth), depth)], 0).Reshape([2 * v.Shape[0], .. _sampleShape]),
            SampleFiles.Path(directory, prefix, "reconstructions"), columns: v.Shape[0]);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["dbn_updates"] = _updates;
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _updates = state["dbn_updates"]?.GetValue<long>() ?? 0;
    }
}
