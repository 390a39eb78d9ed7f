namespace Latent.Models.Vae;

/// <summary>The Vae models known to the command line.</summary>
public static class VaeCatalog
{
    /// <summary>Every model of this family.</summary>
    public static IReadOnlyList<Catalog.ModelSpec> Models { get; } =
    [
        Catalog.ModelSpec.Planned("vae", "Vae", "", "vae"),
        Catalog.ModelSpec.Planned("conv-vae", "Vae", "", "conv-vae"),
    ];
}
