using Latent.Models.Gans.Studies;

namespace Latent.Cli.Studies;

/// <summary>Every study <c>latent study</c> knows: the GAN-dynamics studies of the library and the autoencoder/VAE ones.</summary>
internal static class StudyCatalog
{
    /// <summary>All studies, in the order <c>latent study</c> lists them.</summary>
    public static IReadOnlyList<StudyDefinition> All { get; } =
    [
        Gan("minmax", "Gradient steps on the game min_x max_y x·y",
            "The simplest two-player game has its equilibrium at (0, 0). Simultaneous gradient steps spiral outwards (the distance grows by " +
            "√(1 + h²) per step), alternating steps circle for ever: neither converges, which is why GAN training is not plain minimization."),
        Gan("dirac", "The Dirac GAN: who converges to θ = 0",
            "Data is a point mass at 0, the generator a point mass at θ, the discriminator linear, D(x) = ψ·x, both trained by simultaneous " +
            "gradient steps from (θ, ψ) = (1, 1). The saturating and non-saturating GAN, the WGAN (clipped ψ) and the WGAN-GP keep " +
            "oscillating around the equilibrium; GAN + R1 (a gradient penalty on real data, Mescheder et al. 2018) spirals into θ = 0. " +
            "The numbers give each variant's final distance to (0, 0), the range of θ over the last quarter of the run and its sign changes."),
        Gan("lines", "Parallel lines: Jensen-Shannon versus Wasserstein",
            "Real data on the line x = 0, generated data on x = θ. The Jensen-Shannon divergence stays log 2 for every θ ≠ 0 (no gradient " +
            "tells the generator where to go) while the Wasserstein distance is |θ|; the Wasserstein estimate comes from a trained critic."),
        Gan("optimal-d", "The optimal discriminator D*(x) = p_data / (p_data + p_G)",
            "On a 1-D toy, a discriminator trained to convergence is compared with the closed form D*(x) = p_data(x) / (p_data(x) + p_G(x))."),
        Gan("mode-collapse", "Mode collapse on a ring of 8 Gaussians",
            "A vanilla GAN, an unrolled GAN and a GAN with minibatch discrimination are trained on a ring of 8 Gaussians over several " +
            "seeds; the numbers count the modes covered (of 8) and the share of samples within 3σ of a mode, the pictures show samples of the first seed. " +
            "The longest study: about 5 minutes on two cores, most of it minibatch discrimination."),
        LatentObjectivesStudy.Definition,
        OutlierStudy.Definition,
        DenoisingStudy.Definition,
        PretrainingStudy.Definition,
        PcaStudy.Definition,
    ];

    /// <summary>The study called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static StudyDefinition? Find(string name)
        => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static StudyDefinition Gan(string name, string title, string explanation)
        => new(name, title, explanation, c => GanStudies.Run(name, c.OutputDirectory, c.Seed));
}
