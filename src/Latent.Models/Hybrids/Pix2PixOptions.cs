using Latent.Models.Catalog;

namespace Latent.Models.Hybrids;

/// <summary>
/// The options of pix2pix (Isola et al., 2017): the paired task, the weight λ of the L1 term, the U-Net's size and
/// dropout, and the discriminator's learning rate.
/// </summary>
public sealed record Pix2PixOptions : ImageTranslationOptions
{
    /// <summary>The family's defaults: Adam 2e-4 with β₁ = 0.5, batches of 32.</summary>
    public Pix2PixOptions() : base(evalSize: 2000) => BatchSize = 32;

    /// <summary>The paired task.</summary>
    [Option("task", "paired task: edges (edge map → item), silhouette (silhouette → item) or hole (image with a hole → complete image)")]
    public TranslationTask Task { get; init; } = TranslationTask.Edges;

    /// <summary>λ: the weight of the L1 distance to the target beside the adversarial loss.</summary>
    [Option("l1-weight", "weight λ of the L1 distance to the target (100 in pix2pix)")]
    public double L1Weight { get; init; } = 100;

    /// <summary>Channels of the U-Net's first down-step.</summary>
    [Option("width", "channels of the U-Net's first down-step")]
    public int Width { get; init; } = 32;

    /// <summary>Down-steps of the U-Net (28×28 images allow 2).</summary>
    [Option("depth", "down-steps of the U-Net (the image side must be divisible by 2^depth)")]
    public int Depth { get; init; } = 2;

    /// <summary>Dropout probability on the U-Net's innermost up-step: the generator's noise, kept on when translating.</summary>
    [Option("dropout", "dropout on the U-Net's innermost up-step, kept on when translating (pix2pix's noise; 0: deterministic)")]
    public float Dropout { get; init; } = 0.5f;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(L1Weight >= 0 && double.IsFinite(L1Weight), $"Option --l1-weight must be a finite non-negative number, got {L1Weight}.");
        Require(Width > 0, $"Option --width must be positive, got {Width}.");
        Require(Depth > 0, $"Option --depth must be positive, got {Depth}.");
        Require(Dropout >= 0 && Dropout < 1, $"Option --dropout must be in [0, 1), got {Dropout}.");
    }
}
