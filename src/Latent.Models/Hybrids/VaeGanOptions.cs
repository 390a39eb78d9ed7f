using Latent.Models.Catalog;

namespace Latent.Models.Hybrids;

/// <summary>
/// The options of a VAE-GAN (Larsen et al., 2016): code size, the weight γ of the feature-space reconstruction in the
/// decoder's loss, the width of the decoder, and the discriminator's learning rate.
/// </summary>
public sealed record VaeGanOptions : ModelOptions
{
    /// <summary>The family's defaults: Adam 3e-4 for encoder and decoder.</summary>
    public VaeGanOptions() => LearningRate = 3e-4;

    /// <summary>The code size.</summary>
    [Option("latent-dim", "size of the latent code")]
    public int LatentDim { get; init; } = 32;

    /// <summary>γ: the weight of the feature-space reconstruction against the adversarial loss in the decoder's update.</summary>
    [Option("gamma", "weight γ of the feature-space reconstruction in the decoder's loss (against its GAN loss)")]
    public double Gamma { get; init; } = 0.01;

    /// <summary>Channels of the decoder's first hidden map (a DCGAN generator; the second has half).</summary>
    [Option("width", "channels of the decoder's first hidden map")]
    public int Width { get; init; } = 128;

    /// <summary>The discriminator's normalization after its second convolution: none by default (batch norm, as in Larsen et al., reconstructs better here but its codes drift from the prior and its samples collapse to tops).</summary>
    [Option("d-norm", "discriminator normalization: batch | instance | none")]
    public Gans.NormKind DiscriminatorNorm { get; init; } = Gans.NormKind.None;

    /// <summary>Learning rate of the discriminator.</summary>
    [Option("d-lr", "learning rate of the discriminator")]
    public double DiscriminatorLearningRate { get; init; } = 3e-4;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LatentDim > 0, $"Option --latent-dim must be positive, got {LatentDim}.");
        Require(Gamma >= 0 && double.IsFinite(Gamma), $"Option --gamma must be a finite non-negative number, got {Gamma}.");
        Require(Width >= 2, $"Option --width must be at least 2, got {Width}.");
        Require(DiscriminatorNorm != Gans.NormKind.Virtual, "Option --d-norm must be batch, instance or none: virtual batch norm is for generators.");
        Require(DiscriminatorLearningRate > 0, $"Option --d-lr must be positive, got {DiscriminatorLearningRate}.");
    }
}
