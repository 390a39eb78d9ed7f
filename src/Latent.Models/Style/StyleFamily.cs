using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Style;

/// <summary>The Style family: input optimization over a trained network (planned).</summary>
public sealed class StyleFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static StyleFamily Instance { get; } = new();

    private StyleFamily() { }

    /// <inheritdoc />
    public string Name => "Style";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("style-transfer", "Style", "F39", "Neural style transfer and texture synthesis"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
