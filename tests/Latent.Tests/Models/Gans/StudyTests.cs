using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.Models.Gans.Studies;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class StudyTests
{
    private static DiracGanStudy.DiracPath Dirac(string variant) => DiracGanStudy.Simulate(variant, 1500, 0.1, new Generator(1));

    private static double LateMinDistance(DiracGanStudy.DiracPath p)
        => Enumerable.Range(p.Theta.Length * 3 / 4, p.Theta.Length / 4).Min(i => Math.Sqrt(p.Theta[i] * p.Theta[i] + p.Psi[i] * p.Psi[i]));

    [Fact]
    public void DiracGanWithR1ConvergesToTheEquilibrium()
    {
        var path = Dirac("gan-r1");
        Assert.True(Math.Abs(path.Theta[^1]) < 1e-4 && Math.Abs(path.Psi[^1]) < 1e-4, $"θ = {path.Theta[^1]}, ψ = {path.Psi[^1]}");
    }

    [Theory]
    [InlineData("gan")]
    [InlineData("ns-gan")]
    [InlineData("wgan")]
    public void DiracGanWithoutRegularizationKeepsOscillating(string variant)
    {
        var path = Dirac(variant);
        var summary = DiracGanStudy.Summarize(path);
        Assert.True(LateMinDistance(path) > 0.3, $"{variant} came within {LateMinDistance(path)} of the equilibrium");
        Assert.True(summary["late_theta_sign_changes"]!.GetValue<int>() >= 1, $"{variant}: θ stopped crossing zero");
        Assert.False(summary["converged"]!.GetValue<bool>());
    }

    [Fact]
    public void DiracWganWithFiveCriticStepsStepsTheCriticFirst()
    {
        // WGAN: ∂/∂ψ (ψθ − ψ·0) = θ = 1 for five critic steps of 0.1 → ψ = 0.5; then ∂/∂θ (−ψθ) = −0.5 → θ = 1.05.
        var path = DiracGanStudy.Simulate("wgan-5", 1, 0.1, new Generator(1));
        Close.Assert(0.5, path.Psi[1], atol: 1e-6, rtol: 1e-6);
        Close.Assert(1.05, path.Theta[1], atol: 1e-6, rtol: 1e-6);
        var gp = DiracGanStudy.Simulate("wgan-gp-5", 300, 0.1, new Generator(1));
        Assert.All(gp.Theta.Concat(gp.Psi), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(5, DiracGanStudy.CriticStepsOf("wgan-gp-5"));
        Assert.Equal(1, DiracGanStudy.CriticStepsOf("wgan"));
    }

    [Fact]
    public void SimultaneousStepsOnXyGrowAsPredictedAndAlternatingStepsStayBounded()
    {
        var (xs, ys) = MinMaxStudy.Simulate(100, 0.1, alternating: false);
        double r = Math.Sqrt(xs[^1] * xs[^1] + ys[^1] * ys[^1]);
        Close.Assert(Math.Sqrt(2) * Math.Pow(1.01, 50), r, atol: 1e-3, rtol: 1e-3);
        var (xa, ya) = MinMaxStudy.Simulate(100, 0.1, alternating: true);
        for (int i = 0; i < xa.Length; i++) Assert.InRange(Math.Sqrt(xa[i] * xa[i] + ya[i] * ya[i]), 1.2, 1.5);
    }

    [Fact]
    public void StudiesWriteJsonAndSvg()
    {
        var dir = Path.Combine(Path.GetTempPath(), "latent-gan-study-" + Guid.NewGuid().ToString("N"));
        try
        {
            var json = new DiracGanStudy { Steps = 300 }.Run(new StudyContext(dir));
            Assert.True(json["variants"]!["gan-r1"]!["final_distance"]!.GetValue<double>() < 0.1);
            new MinMaxStudy { Steps = 50 }.Run(new StudyContext(dir));
            foreach (var f in new[] { "dirac-gan.json", "dirac-gan-theta.svg", "dirac-gan-phase.svg", "minmax.json", "minmax.svg" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(dir, "minmax.svg")).TrimStart()[..4]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void OptimalDiscriminatorFormula()
    {
        Assert.InRange(OptimalDiscriminatorStudy.Optimal(-2.5), 0.999, 1.0);  // only data there
        Assert.InRange(OptimalDiscriminatorStudy.Optimal(1.5), 0.0, 0.3);    // the generator's mode dominates
    }
}

public class GanStudiesTests
{
    [Fact]
    public void StudiesAreFoundByNameAndUnknownNamesAreListed()
    {
        Assert.Equal(["minmax", "dirac", "lines", "optimal-d", "mode-collapse", "generator-losses", "unrolled-ring", "checkerboard", "ssgan-labels"], GanFamily.Instance.Studies.Select(s => s.Name));
        Assert.Same(GanFamily.Instance.Studies[1], ModelCatalog.FindStudy("DIRAC"));
        Assert.Null(ModelCatalog.FindStudy("nope"));
    }
}
