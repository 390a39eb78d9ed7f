using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>
/// LAPGAN on Fashion-MNIST (Denton et al. 2015): a GAN for the 7×7 top of a Laplacian pyramid and one conditional
/// GAN per finer level (14×14, 28×28) generating the band-pass residual given the upsampled coarser image.
/// </summary>
public sealed record LapganOptions : ModelOptions
{
    /// <summary>Adam 2e-4 with β₁ = 0.5, batches of 64.</summary>
    public LapganOptions() => LearningRate = 2e-4;

    /// <summary>The size of z of the 7×7 generator.</summary>
    [Option("latent-dim", "size of z of the coarsest (7x7) generator")]
    public int LatentDim { get; init; } = 32;

    /// <summary>The hidden width of the 7×7 level's MLPs.</summary>
    [Option("coarse-hidden", "hidden width of the coarsest level's MLP generator and discriminator")]
    public int CoarseHidden { get; init; } = 256;

    /// <summary>Hidden channels of the refining levels' convolutional networks.</summary>
    [Option("width", "hidden channels of the refining levels' networks")]
    public int Width { get; init; } = 32;

    /// <summary>Adam's β₁.</summary>
    [Option("beta1", "Adam beta1")]
    public double Beta1 { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LatentDim >= 1 && CoarseHidden >= 1 && Width >= 1,
            $"Options --latent-dim ({LatentDim}), --coarse-hidden ({CoarseHidden}) and --width ({Width}) must be positive.");
    }
}
