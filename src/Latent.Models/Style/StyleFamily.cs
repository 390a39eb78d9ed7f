using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Style.Studies;

namespace Latent.Models.Style;

/// <summary>
/// The Style family (F39, F40): procedures that optimise an image through a frozen network rather than models that
/// train — style transfer and texture synthesis (<see cref="StyleTransfer"/>), deep dream (<see cref="DeepDream"/>) and
/// class visualisation of any <see cref="IDifferentiableClassifier"/> (<see cref="ClassVisualization"/>), run by
/// <c>latent style</c>, <c>texture</c>, <c>dream</c> and <c>visualize</c>. It has no trainable model; its study compares
/// feature spaces for texture synthesis.
/// </summary>
public sealed class StyleFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static StyleFamily Instance { get; } = new();

    private StyleFamily() { }

    /// <inheritdoc />
    public string Name => "Style";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new TextureBaselineStudy()];
}
