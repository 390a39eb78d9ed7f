using Latent.Models.Catalog;

namespace Latent.Models.Autoregressive;

/// <summary>The options every pixel-by-pixel image model shares: the pixel levels and the output distribution over them.</summary>
public abstract record PixelModelOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 32 (W4).</summary>
    protected PixelModelOptions() => BatchSize = 32;

    /// <summary>Pixel levels of the output distribution: 256 for 8-bit images; fewer quantizes the data to that many levels.</summary>
    [Option("levels", "pixel levels of the output distribution (256: every 8-bit value)")]
    public int Levels { get; init; } = 256;

    /// <summary>The distribution of a pixel given the network's output there.</summary>
    [Option("output", "per-pixel distribution: softmax (one logit per level) or logistic-mixture (PixelCNN++)")]
    public PixelOutput Output { get; init; } = PixelOutput.Softmax;

    /// <summary>Components of the discretized logistic mixture (with --output logistic-mixture).</summary>
    [Option("mixtures", "components of the discretized logistic mixture (--output logistic-mixture)")]
    public int Mixtures { get; init; } = 10;

    /// <summary>The per-pixel distribution these options describe.</summary>
    public PixelDistribution NewDistribution() => PixelDistribution.Create(Output, Levels, Mixtures);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Levels is >= 2 and <= 256, $"Option --levels must be between 2 and 256, got {Levels}.");
        Require(Mixtures >= 1, $"Option --mixtures must be at least 1, got {Mixtures}.");
    }
}
