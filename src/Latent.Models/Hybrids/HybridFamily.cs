using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Hybrids;

/// <summary>The Hybrids family: autoencoders trained with adversarial terms (planned).</summary>
public sealed class HybridFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static HybridFamily Instance { get; } = new();

    private HybridFamily() { }

    /// <inheritdoc />
    public string Name => "Hybrids";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("aae", "Hybrids", "F31", "Adversarial autoencoder"),
        ModelSpec.Planned("vae-gan", "Hybrids", "F31", "VAE-GAN"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
