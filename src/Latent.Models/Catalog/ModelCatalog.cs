using Latent.Models.Common;

namespace Latent.Models.Catalog;

/// <summary>
/// The one list of model families. Adding a family is a folder with a <c>&lt;Family&gt;Family.cs</c> and one line here;
/// the command line, <c>latent models</c>, <c>latent study</c> and the tests that build every model read this list.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Every family, in the order <c>latent models</c> lists them.</summary>
    public static IReadOnlyList<IModelFamily> Families { get; } =
    [
        Autoencoders.AutoencoderFamily.Instance,
        Vae.VaeFamily.Instance,
        Gans.GanFamily.Instance,
        Flows.FlowFamily.Instance,
        Autoregressive.AutoregressiveFamily.Instance,
        Boltzmann.BoltzmannFamily.Instance,
        Classical.ClassicalFamily.Instance,
        Hybrids.HybridFamily.Instance,
        Siamese.SiameseFamily.Instance,
        Style.StyleFamily.Instance,
        Classifiers.ClassifierFamily.Instance,
    ];

    /// <summary>All models, family by family.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = [.. Families.SelectMany(f => f.Models)];

    /// <summary>All studies, family by family.</summary>
    public static IReadOnlyList<Study> Studies { get; } = [.. Families.SelectMany(f => f.Studies)];

    /// <summary>The model with this name (case-insensitive), or null.</summary>
    public static ModelSpec? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The study with this name (case-insensitive), or null.</summary>
    public static Study? FindStudy(string name) => Studies.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
