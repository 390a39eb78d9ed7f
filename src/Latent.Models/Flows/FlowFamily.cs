using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Flows;

/// <summary>The Flows family (F33): normalizing flows with an exact likelihood, NICE and RealNVP.</summary>
public sealed class FlowFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static FlowFamily Instance { get; } = new();

    private FlowFamily() { }

    /// <inheritdoc />
    public string Name => "Flows";

    /// <summary>NICE on MNIST as in its paper: 4 additive couplings with 5 × 1000 ReLU MLPs, a diagonal scaling, a logistic prior, no logit.</summary>
    public static FlowOptions NiceDefaults => new()
    {
        Coupling = CouplingKind.Additive,
        Couplings = 4,
        Hidden = [1000, 1000, 1000, 1000, 1000],
        Scaling = true,
        Prior = PriorKind.Logistic,
        Preprocess = ImagePreprocessing.None,
        LearningRate = 1e-3,
    };

    /// <summary>
    /// RealNVP's convolutional multi-scale flow for 1×28×28: two scales of 3 checkerboard + 3 channel couplings with
    /// 32-channel, 2-block residual networks, 4 checkerboard couplings at 7×7; Adam 1e-3, batches of 64.
    /// </summary>
    public static FlowOptions RealNvpDefaults => new()
    {
        Architecture = FlowArchitecture.MultiScale,
        Couplings = 3,
        Scales = 2,
        Channels = 32,
        ResBlocks = 2,
        LearningRate = 1e-3,
    };

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("nice", "Flows", "F33", "NICE: 4 additive couplings (5 × 1000 MLPs), diagonal scaling, logistic prior",
            NiceDefaults, Create),
        ModelSpec.Of("realnvp", "Flows", "F33", "RealNVP, convolutional multi-scale: per scale 3 checkerboard + 3 channel affine couplings with residual conv nets, squeeze, factor-out",
            RealNvpDefaults, Create),
        ModelSpec.Of("realnvp-mlp", "Flows", "F33", "RealNVP with MLP couplings (workload W5: 6 affine couplings 784-1024-1024-1568, checkerboard masks, logit, Adam 1e-4, batch 64)",
            new FlowOptions(), Create),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];

    /// <summary>A flow on the data <paramref name="options"/> name, as they describe it.</summary>
    public static TrainingSetup Create(FlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var data = FlowData.Load(options);
        var flow = FlowNetworks.Build(options, data.SampleShape, data.IsImage, options.NewGenerator(0));
        var model = new NormalizingFlow(flow, FlowPrior.Of(options.Prior), data.SampleShape, options, options.NewGenerator(2), data.IsImage, data.Toy)
        {
            MaxGradNorm = options.ClipGrad,
            LearningRateDecay = options.LrDecay > 0 ? (options.MaxSteps ?? (long)options.Epochs * data.Train.BatchesPerEpoch, options.LrDecay) : null,
        };
        return new TrainingSetup(model, data.Train, data.Test);
    }
}
