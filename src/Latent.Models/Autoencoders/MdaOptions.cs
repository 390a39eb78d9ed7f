using Latent.Models.Catalog;

namespace Latent.Models.Autoencoders;

/// <summary>The options of the stacked marginalized denoising autoencoder: depth, masking level, ridge.</summary>
public sealed record MdaOptions : ModelOptions
{
    /// <summary>The family's defaults: one epoch per layer, statistics accumulated over batches of 1,000.</summary>
    public MdaOptions()
    {
        Epochs = 3;
        BatchSize = 1000;
    }

    /// <summary>The number of stacked layers (one is fitted per epoch).</summary>
    [Option("layers", "number of stacked layers")]
    public int Layers { get; init; } = 3;

    /// <summary>The masking probability p that is marginalized out.</summary>
    [Option("noise-level", "masking probability p that is marginalized out")]
    public double NoiseLevel { get; init; } = 0.5;

    /// <summary>The ridge λ relative to the mean diagonal of E[Q].</summary>
    [Option("ridge", "ridge λ relative to the mean diagonal of E[Q]")]
    public double Ridge { get; init; } = 1e-5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Layers >= 1, $"Option --layers must be at least 1, got {Layers}.");
    }
}
