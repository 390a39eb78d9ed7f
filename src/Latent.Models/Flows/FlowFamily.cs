using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Flows;

/// <summary>The Flows family: normalizing flows with an exact likelihood (planned).</summary>
public sealed class FlowFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static FlowFamily Instance { get; } = new();

    private FlowFamily() { }

    /// <inheritdoc />
    public string Name => "Flows";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("nice", "Flows", "F33", "NICE: additive coupling layers with scaling"),
        ModelSpec.Planned("realnvp", "Flows", "F33", "RealNVP: affine coupling, checkerboard masks, multi-scale"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
