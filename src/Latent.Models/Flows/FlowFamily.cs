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

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("nice", "Flows", "F33", "NICE: 4 additive couplings (5 × 1000 MLPs), diagonal scaling, logistic prior",
            NiceDefaults, Create),
        ModelSpec.Of("realnvp", "Flows", "F33", "RealNVP (MLP; the defaults are workload W5: 6 affine couplings 784-1024-1024-1568, checkerboard masks, logit, Adam 1e-4, batch 64)",
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
        int dimensions = data.SampleShape.Aggregate(1, (a, b) => a * b);
        var flow = FlowNetworks.Build(options, dimensions, data.IsImage, options.NewGenerator(0));
        var model = new NormalizingFlow(flow, FlowPrior.Of(options.Prior), data.SampleShape, options, options.NewGenerator(2), data.IsImage, data.Toy);
        return new TrainingSetup(model, data.Train, data.Test);
    }
}
