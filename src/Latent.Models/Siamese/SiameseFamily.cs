using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Siamese;

/// <summary>The Siamese family: shared-weight embeddings compared by a distance (planned).</summary>
public sealed class SiameseFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static SiameseFamily Instance { get; } = new();

    private SiameseFamily() { }

    /// <inheritdoc />
    public string Name => "Siamese";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("siamese", "Siamese", "F38", "Siamese network with contrastive loss, one-shot recognition"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
