using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// A fully connected discriminator: flatten → [x, label] → (Linear → LeakyReLU 0.2) × depth = features, then optional
/// minibatch discrimination and minibatch standard deviation, then Linear → one score.
/// </summary>
/// <remarks>
/// <see cref="ScoreWith"/> evaluates the same network with some parameters replaced by other tensors, which is how an
/// unrolled GAN runs the discriminator at its look-ahead parameters θₖ while keeping the graph back to θ₀ and G.
/// </remarks>
public sealed class MlpDiscriminator : GanDiscriminator
{
    private readonly List<Module> _hidden = [];
    private readonly Module _output;
    private readonly MinibatchDiscrimination? _minibatch;
    private readonly MinibatchStdDev? _minibatchStd;
    private readonly LabelEncoder? _labels;
    private IReadOnlyDictionary<Tensor, Tensor>? _substitutes;

    /// <summary>Creates the discriminator.</summary>
    /// <param name="inputSize">Values per sample after flattening (2 for toy data, 784 for 28×28 images).</param>
    /// <param name="hidden">The widths of the hidden layers (at least one).</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="minibatchKernels">Kernels B of a <see cref="MinibatchDiscrimination"/> layer after the features; 0 for none.</param>
    /// <param name="minibatchKernelDim">The kernel size C of minibatch discrimination.</param>
    /// <param name="minibatchStd">Append the <see cref="MinibatchStdDev"/> feature.</param>
    /// <param name="spectralNorm">Wrap every linear layer in <see cref="SpectralNorm"/>.</param>
    /// <param name="labels">A label encoder for a conditional discriminator, else null.</param>
    public MlpDiscriminator(int inputSize, int[] hidden, Generator gen, int minibatchKernels = 0, int minibatchKernelDim = 3,
        bool minibatchStd = false, bool spectralNorm = false, LabelEncoder? labels = null)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), $"MlpDiscriminator: inputSize must be positive, got {inputSize}.");
        if (hidden.Length == 0) throw new ArgumentException("MlpDiscriminator: needs at least one hidden layer (its output is the feature layer).", nameof(hidden));
        InputSize = inputSize;
        SpectrallyNormalized = spectralNorm;
        if (labels != null)
        {
            _labels = RegisterModule("labels", labels);
            Classes = labels.Classes;
        }
        int width = inputSize + (labels?.Dim ?? 0);
        for (int i = 0; i < hidden.Length; i++)
        {
            _hidden.Add(RegisterModule($"hidden{i}", Wrap(new Linear(width, hidden[i], gen), spectralNorm, gen)));
            width = hidden[i];
        }
        FeatureSize = width;
        if (minibatchKernels > 0)
        {
            _minibatch = RegisterModule("minibatch", new MinibatchDiscrimination(width, minibatchKernels, minibatchKernelDim, gen));
            width = _minibatch.OutFeatures;
        }
        if (minibatchStd)
        {
            _minibatchStd = RegisterModule("minibatchStd", new MinibatchStdDev());
            width += 1;
        }
        _output = RegisterModule("output", Wrap(new Linear(width, 1, gen), spectralNorm, gen));
    }

    /// <summary>Values per (flattened) sample.</summary>
    public int InputSize { get; }

    /// <summary>The width of <see cref="Features"/>.</summary>
    public int FeatureSize { get; }

    /// <summary>Whether the linear layers are spectrally normalized.</summary>
    public bool SpectrallyNormalized { get; }

    /// <inheritdoc />
    public override Tensor Features(Tensor x, int[]? labels = null)
    {
        CheckLabels(labels, x.Shape[0]);
        var h = x.Rank == 2 ? x : x.Flatten(1);
        if (h.Shape[1] != InputSize)
            throw new ArgumentException($"MlpDiscriminator: expected {InputSize} values per sample, got {Common.ShapeText.Format(x.Shape)}.", nameof(x));
        if (_labels != null) h = Tensor.Concat([h, _labels.Encode(labels!)], 1);
        foreach (var layer in _hidden) h = Apply(layer, h).LeakyRelu(0.2f);
        return h;
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features, int[]? labels = null)
    {
        var h = features;
        if (_minibatch != null) h = MinibatchDiscrimination.Apply(h, P(_minibatch.T), _minibatch.Kernels, _minibatch.KernelDim);
        if (_minibatchStd != null) h = _minibatchStd.Call(h);
        return Apply(_output, h).Reshape(features.Shape[0]);
    }

    /// <summary>
    /// Scores [N] computed with each parameter p replaced by <c>substitutes[p]</c> where present (functional evaluation).
    /// </summary>
    /// <exception cref="NotSupportedException">The network is spectrally normalized or embeds labels (their weights are computed inside other modules).</exception>
    public Tensor ScoreWith(IReadOnlyDictionary<Tensor, Tensor> substitutes, Tensor x, int[]? labels = null)
    {
        if (SpectrallyNormalized || _labels?.Encoding == LabelEncoding.Embedding)
            throw new NotSupportedException("MlpDiscriminator.ScoreWith: spectrally normalized or label-embedding discriminators cannot be evaluated functionally.");
        _substitutes = substitutes;
        try { return Score(x, labels); }
        finally { _substitutes = null; }
    }

    private Tensor P(Tensor parameter) => _substitutes != null && _substitutes.TryGetValue(parameter, out var s) ? s : parameter;

    private Tensor Apply(Module layer, Tensor h)
        => layer is Linear linear ? h.Linear(P(linear.Weight), linear.Bias is { } b ? P(b) : null) : layer.Call(h);

    private static Module Wrap(Linear linear, bool spectralNorm, Generator gen) => spectralNorm ? new SpectralNorm(linear, gen) : linear;
}
