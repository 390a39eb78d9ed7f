using Latent.Models.Common;
using Latent.Models.Gans.Studies;

namespace Latent.Tests.Models.Gans;

public class GeneratorLossStudyTests
{
    private static readonly double[] D = [1e-4, 0.01, 0.3, 0.7];

    [Fact]
    public void GradientsWithRespectToTheLogitFollowTheirFormulas()
    {
        var expected = new Dictionary<string, Func<double, double>>
        {
            ["minimax"] = d => d,                      // ∂/∂s log(1 − σ(s)) = −σ(s)
            ["non-saturating"] = d => 1 - d,           // ∂/∂s −log σ(s) = −(1 − σ(s))
            ["maximum-likelihood"] = d => 0.5 * d / (1 - d), // ∂/∂s −½e^s
            ["log-ratio"] = _ => 1,                    // ∂/∂s (−s)
        };
        foreach (var variant in GeneratorLossStudy.Variants)
        {
            var g = GeneratorLossStudy.Gradients(variant, D);
            for (int i = 0; i < D.Length; i++) Close.Assert(expected[variant](D[i]), g[i], atol: 1e-6, rtol: 1e-3, what: $"{variant} at D = {D[i]}");
        }
    }

    [Fact]
    public void StudyWritesItsPlotAndShowsWhichLossesSaturate()
    {
        var dir = Path.Combine(Path.GetTempPath(), "latent-gloss-" + Guid.NewGuid().ToString("N"));
        try
        {
            var json = new GeneratorLossStudy().Run(new StudyContext(dir));
            var small = json["gradient_at_d_1e-4"]!;
            Assert.True(small["minimax"]!.GetValue<double>() < 1e-3 && small["maximum-likelihood"]!.GetValue<double>() < 1e-3);
            Assert.True(small["non-saturating"]!.GetValue<double>() > 0.99 && small["log-ratio"]!.GetValue<double>() > 0.99);
            Assert.True(File.Exists(Path.Combine(dir, "generator-loss-gradients.svg")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
