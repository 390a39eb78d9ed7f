namespace Latent.Models.Autoencoders;

/// <summary>The Autoencoders models known to the command line.</summary>
public static class AutoencoderCatalog
{
    /// <summary>Every model of this family.</summary>
    public static IReadOnlyList<Catalog.ModelSpec> Models { get; } =
    [
        Catalog.ModelSpec.Planned("ae", "Autoencoders", "", "ae"),
        Catalog.ModelSpec.Planned("sparse-ae", "Autoencoders", "", "sparse-ae"),
        Catalog.ModelSpec.Planned("dae", "Autoencoders", "", "dae"),
        Catalog.ModelSpec.Planned("stacked-ae", "Autoencoders", "", "stacked-ae"),
        Catalog.ModelSpec.Planned("mda", "Autoencoders", "", "mda"),
    ];
}
