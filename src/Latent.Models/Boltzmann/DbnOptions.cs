using Latent.Models.Catalog;

namespace Latent.Models.Boltzmann;

/// <summary>
/// The options of the deep belief net (<c>dbn</c>): the hidden sizes of its stack of RBMs, the greedy layer-wise
/// budget, and the contrastive-divergence update every layer uses (see <see cref="RbmOptions"/>).
/// </summary>
public sealed record DbnOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 100, learning rate 0.05, two epochs per layer on the full data.</summary>
    public DbnOptions()
    {
        BatchSize = 100;
        LearningRate = 0.05;
        Epochs = 6;
    }

    /// <summary>Hidden sizes from the pixels up; the last two layers form the top (undirected) RBM.</summary>
    [Option("layers", "hidden sizes of the RBM stack from the pixels up, comma-separated")]
    public int[] Layers { get; init; } = [500, 500, 1000];

    /// <summary>Contrastive-divergence updates per layer; null divides the run's steps evenly among the layers.</summary>
    [Option("layer-steps", "CD updates per layer before the next one is trained (default: the run's steps divided evenly)")]
    public int? LayerSteps { get; init; }

    /// <summary>Gibbs steps of the negative phase of every layer.</summary>
    [Option("cd-k", "Gibbs steps of the negative phase (k of CD-k)")]
    public int CdK { get; init; } = 1;

    /// <summary>The momentum of every layer's updates.</summary>
    [Option("momentum", "momentum of the parameter updates (0 for none)")]
    public double Momentum { get; init; } = 0.5;

    /// <summary>The L2 weight decay of every layer's weights.</summary>
    [Option("weight-decay", "L2 weight decay on the weights (biases are not decayed)")]
    public double WeightDecay { get; init; } = 2e-4;

    /// <summary>The binarization threshold of the pixels.</summary>
    [Option("threshold", "pixel binarization threshold in (0, 1)")]
    public double Threshold { get; init; } = 0.5;

    /// <summary>Gibbs steps in the top RBM when drawing samples.</summary>
    [Option("sample-steps", "Gibbs steps in the top RBM when drawing samples")]
    public int SampleSteps { get; init; } = 1000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Layers.Length > 0 && Layers.All(l => l > 0), "Option --layers needs at least one positive size.");
        Require(LayerSteps is null or > 0, $"Option --layer-steps must be positive, got {LayerSteps}.");
        Require(CdK >= 1, $"Option --cd-k must be at least 1, got {CdK}.");
        Require(Momentum >= 0 && Momentum < 1, $"Option --momentum must lie in [0, 1), got {Momentum}.");
        Require(WeightDecay >= 0, $"Option --weight-decay must not be negative, got {WeightDecay}.");
        Require(Threshold > 0 && Threshold < 1, $"Option --threshold must lie in (0, 1), got {Threshold}.");
        Require(SampleSteps >= 1, $"Option --sample-steps must be at least 1, got {SampleSteps}.");
    }
}
