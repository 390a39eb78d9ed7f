using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// A normalizing flow model: an invertible <see cref="Flow"/> f from data to a base distribution p(z), so that by the
/// change of variables log p(x) = log p(f(x)) + log|det ∂f/∂x| exactly. Trained by maximum likelihood (the loss is
/// the mean negative log-likelihood in nats); samples are f⁻¹(z) for z ~ p(z). 8-bit images are dequantized with
/// noise from the model's <see cref="Latent.Training.TrainableModel.Rng"/> in training and scored in bits per
/// dimension on the test set; toy points are used as they are.
/// </summary>
/// <example>
/// <code>
/// var options = new FlowOptions { Data = "toy:moons", Hidden = [64, 64] };
/// var gen = new Generator(1);
/// var model = new NormalizingFlow(FlowNetworks.Build(options, [2], image: false, gen), FlowPrior.Of(options.Prior), [2], options, gen, image: false);
/// foreach (var batch in loader) model.TrainStep(batch);
/// Tensor logP = model.LogLikelihood(points, gen);
/// </code>
/// </example>
public sealed class NormalizingFlow : OneLossModel, ITemperatureSampler, IDifferentiableDensity, ILatentVariableModel
{
    private readonly int[] _sampleShape;

    /// <summary>Creates the model; one Adam optimizes the flow's parameters.</summary>
    /// <param name="flow">The bijection from flattened examples [B, D] to the base space.</param>
    /// <param name="prior">The base distribution.</param>
    /// <param name="sampleShape">The shape of one example, e.g. [1, 28, 28] or [2].</param>
    /// <param name="options">Learning rate and the rest of the configuration.</param>
    /// <param name="rng">The model's random stream (dequantization noise).</param>
    /// <param name="image">Whether examples are 8-bit images in [0, 1] (dequantized in training, bits/dim in evaluation, samples clamped to [0, 1]).</param>
    /// <param name="toy">The toy training points, drawn beside samples in pictures; null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public NormalizingFlow(Flow flow, FlowPrior prior, int[] sampleShape, FlowOptions options, Generator rng, bool image, ToyDataset? toy = null)
        : base(new Dictionary<string, Module> { ["flow"] = flow ?? throw new ArgumentNullException(nameof(flow)) }, Validated(options).LearningRate, rng)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        Flow = flow;
        Prior = prior ?? throw new ArgumentNullException(nameof(prior));
        _sampleShape = [.. sampleShape];
        Dimensions = sampleShape.Aggregate(1, (a, b) => a * b);
        Options = options;
        IsImage = image;
        Toy = toy;
    }

    private static FlowOptions Validated(FlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>The bijection f from data to the base space.</summary>
    public Flow Flow { get; }

    /// <summary>The base distribution p(z).</summary>
    public FlowPrior Prior { get; }

    /// <summary>The configuration.</summary>
    public FlowOptions Options { get; }

    /// <summary>D, the values in one example.</summary>
    public int Dimensions { get; }

    /// <summary>Whether examples are 8-bit images in [0, 1].</summary>
    public bool IsImage { get; }

    /// <summary>The toy training points, or null.</summary>
    public ToyDataset? Toy { get; }

    /// <inheritdoc />
    public int[] SampleShape => [.. _sampleShape];

    /// <inheritdoc />
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    private Tensor Flatten(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != _sampleShape.Length + 1 || !x.Shape.AsSpan(1).SequenceEqual(_sampleShape))
            throw new ArgumentException($"NormalizingFlow: expected a batch [B, {string.Join(", ", _sampleShape)}], got {ShapeText.Format(x.Shape)}.", nameof(x));
        return x.Reshape(x.Shape[0], Dimensions);
    }

    /// <summary>log p(x) = log p(f(x)) + log|det ∂f/∂x| in nats per example [B], with a graph when gradients are on.</summary>
    /// <param name="x">A batch [B, ...SampleShape] of continuous values (for images: dequantized, in [0, 1]).</param>
    /// <exception cref="ArgumentException">The batch is not of <see cref="SampleShape"/>.</exception>
    public Tensor LogProb(Tensor x)
    {
        var (z, logDet) = Flow.Transform(Flatten(x));
        return Prior.LogProb(z) + logDet;
    }

    /// <inheritdoc />
    public Tensor LogDensity(Tensor x) => LogProb(x);

    /// <summary>The exact log-density of each example at <paramref name="x"/> (continuous values in the data's range), in nats, without a graph.</summary>
    /// <param name="x">A batch [B, ...SampleShape]; for 8-bit images pass dequantized values (see <see cref="BitsPerDimension"/>).</param>
    /// <param name="gen">Unused: the likelihood is exact.</param>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        using var _ = Autograd.NoGrad();
        return LogProb(x);
    }

    /// <inheritdoc />
    /// <remarks>The loss is the mean negative log-likelihood in nats; for images "bits_per_dim" of the batch is reported beside it.</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var x = IsImage ? Transforms.Dequantize(batch.Inputs, Rng) : batch.Inputs;
        var nll = -LogProb(x).Mean();
        return new LossTerms(nll, IsImage ? [("bits_per_dim", BitsPerDimension.FromNegativeLogLikelihood(nll, Dimensions))] : []);
    }

    /// <summary>
    /// Test metrics: for images "bits_per_dim" (dequantized with fixed evaluation noise) and "nll", the matching
    /// negative log-likelihood in nats of the discrete 8-bit data; for toy data "nll", the mean −log p(x) in nats.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SetTraining(false);
        try
        {
            if (IsImage)
            {
                double bits = BitsPerDimension.Evaluate(this, data, new Generator(4242));
                return new Dictionary<string, double> { ["bits_per_dim"] = bits, ["nll"] = bits * Dimensions * Math.Log(2) };
            }
            double total = 0;
            int count = 0;
            foreach (var batch in data)
            {
                foreach (float v in LogLikelihood(batch.Inputs, Rng).Data) total -= v;
                count += batch.Size;
            }
            return new Dictionary<string, double> { ["nll"] = total / Math.Max(1, count) };
        }
        finally
        {
            SetTraining(true);
        }
    }

    /// <summary>The latent size: every dimension of an example (a flow is a bijection).</summary>
    public int LatentDim => Dimensions;

    /// <summary>The code z = f(x) [B, D] of each example (with a graph when gradients are on).</summary>
    public Tensor Encode(Tensor x) => Flow.Transform(Flatten(x)).Z;

    /// <summary>The example f⁻¹(z) of each code [B, D], in the data's range (images clamped to [0, 1]), with a graph when gradients are on.</summary>
    public Tensor Decode(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var x = Flow.Inverse(z).Reshape([z.Shape[0], .. _sampleShape]);
        return IsImage ? x.Clamp(0f, 1f) : x;
    }

    /// <summary>f⁻¹(f(x)): the example itself, up to rounding (and the clamp to [0, 1] for images).</summary>
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>Draws <paramref name="count"/> examples f⁻¹(z), z ~ p(z), in the data's range (images clamped to [0, 1]).</summary>
    public Tensor Sample(int count, Generator gen) => Sample(count, gen, 1);

    /// <summary>Draws <paramref name="count"/> examples at <paramref name="temperature"/> (base samples scaled by T; T &lt; 1 gives cleaner, less varied samples).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count or the temperature is not positive.</exception>
    public Tensor Sample(int count, Generator gen, double temperature)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), $"NormalizingFlow: the temperature must be positive, got {temperature}.");
        using var _ = Autograd.NoGrad();
        var x = Flow.Inverse(Prior.Sample([count, Dimensions], gen, temperature)).Reshape([count, .. _sampleShape]);
        return IsImage ? x.Clamp(0f, 1f) : x;
    }

    /// <summary>The temperatures of the sample grids <see cref="WriteSamples"/> draws.</summary>
    public static IReadOnlyList<double> SampleTemperatures { get; } = [0.5, 0.7, 1.0];

    /// <summary>
    /// Images: <c>{prefix}-samples.png</c> (T = 1) and <c>{prefix}-samples-t0.5.png</c>, <c>-t0.7</c> (64 samples
    /// each, from fixed base draws so grids are comparable across epochs). Toy data: <c>{prefix}-density.png</c>,
    /// the learned density as a heat map, <c>{prefix}-samples.svg</c>, data beside samples, and <c>{prefix}-layers.png</c>,
    /// the data after each layer of the flow.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        SetTraining(false);
        try
        {
            if (IsImage)
            {
                foreach (double t in SampleTemperatures)
                {
                    string name = t == 1 ? "samples" : FormattableString.Invariant($"samples-t{t:0.0}");
                    ImageGrid.Save(Sample(64, new Generator(2024), t), SampleFiles.Path(directory, prefix, name), columns: 8);
                }
                return;
            }
            if (_sampleShape is not [2]) return;
            var bounds = FlowPictures.BoundsOf(Toy?.Points ?? Sample(2000, new Generator(2024)));
            FlowPictures.SaveDensity(this, bounds, SampleFiles.Path(directory, prefix, "density"));
            var plot = new ScatterPlot { Title = $"Flow samples ({prefix})", PointRadius = 1.5 };
            if (Toy != null) plot.Add(Toy.Points.Narrow(0, 0, Math.Min(Toy.Count, 1000)), name: "data");
            plot.Add(Sample(1000, new Generator(2024)), name: "samples");
            plot.Save(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "samples"), ".svg"));
            if (Toy != null) FlowPictures.SaveTrajectory(Flow, Toy.Points.Narrow(0, 0, Math.Min(Toy.Count, 5000)), SampleFiles.Path(directory, prefix, "layers"));
        }
        finally
        {
            SetTraining(true);
        }
    }
}
