namespace Latent.Models.Gans;

/// <summary>The Gans models known to the command line.</summary>
public static class GanCatalog
{
    /// <summary>Every model of this family.</summary>
    public static IReadOnlyList<Catalog.ModelSpec> Models { get; } =
    [
        Catalog.ModelSpec.Planned("gan", "Gans", "", "gan"),
        Catalog.ModelSpec.Planned("dcgan", "Gans", "", "dcgan"),
        Catalog.ModelSpec.Planned("cgan", "Gans", "", "cgan"),
        Catalog.ModelSpec.Planned("wgan", "Gans", "", "wgan"),
        Catalog.ModelSpec.Planned("wgan-gp", "Gans", "", "wgan-gp"),
        Catalog.ModelSpec.Planned("sngan", "Gans", "", "sngan"),
        Catalog.ModelSpec.Planned("unrolled-gan", "Gans", "", "unrolled-gan"),
    ];
}
