using Latent.Models.Common;

namespace Latent.Models.Catalog;

/// <summary>
/// A model family as <see cref="ModelCatalog"/> lists it: its models (planned ones included, each with its typed
/// options) and its studies. Each family folder has one class implementing this, <c>&lt;Family&gt;Family.cs</c>.
/// </summary>
public interface IModelFamily
{
    /// <summary>The family's name as <c>latent models</c> shows it, e.g. "GANs".</summary>
    string Name { get; }

    /// <summary>Its models, available ones first.</summary>
    IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>Its studies, in the order <c>latent study</c> lists them.</summary>
    IReadOnlyList<Study> Studies { get; }
}
