using Latent.Data;
using Latent.Models.Boltzmann;
using Latent.Tensors;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>
/// The pseudo-log-likelihood of Gaussian visible units: each conditional p(vᵢ | v₋ᵢ) against brute force (enumeration of
/// the hidden states, each Gaussian integral over vᵢ in closed form, in double), on weights large enough that the
/// conditionals are wide and multimodal.
/// </summary>
public class PseudoLikelihoodTests
{
    /// <summary>
    /// log p(vᵢ | v₋ᵢ) in double: −F(v) = log Σₕ e^(−E(v, h)), and ∫ e^(−E(v(t), h)) dt over vᵢ = t is
    /// √(2π)·e^(R + bᵢm + ½m²) with m = Σⱼ Wⱼᵢhⱼ and R = −E(v(0), h) + ½bᵢ² (the energy without vᵢ's terms).
    /// </summary>
    private static double BruteForceConditional(RbmParameters rbm, float[] v, int i)
    {
        var hs = RbmEnergyTests.AllStates(rbm.Hidden);
        int nh = rbm.Hidden, nv = rbm.Visible;
        double b = rbm.VisibleBias.Data[i];
        var joint = new List<double>();
        var integrated = new List<double>();
        var withoutI = (float[])v.Clone();
        withoutI[i] = 0;
        for (int s = 0; s < 1 << nh; s++)
        {
            var h = hs.Data.Slice(s * nh, nh);
            joint.Add(-RbmEnergyTests.Energy(rbm, v, h));
            double m = 0;
            for (int j = 0; j < nh; j++) m += rbm.Weight.Data[j * nv + i] * h[j];
            double rest = -RbmEnergyTests.Energy(rbm, withoutI, h) + 0.5 * b * b;
            integrated.Add(rest + b * m + 0.5 * m * m);
        }
        return RbmEnergyTests.LogSumExp(joint) - RbmEnergyTests.LogSumExp(integrated) - 0.5 * Math.Log(2 * Math.PI);
    }

    [Fact]
    public void GaussianConditionalsEqualBruteForce()
    {
        foreach (double scale in new[] { 0.5, 2.0 })
        {
            var rbm = RbmEnergyTests.RandomRbm(4, 6, seed: 21, scale: scale, units: VisibleUnits.Gaussian);
            var v = Tensor.Randn([5, 4], new Generator(22), 0, 2f);
            var pll = PseudoLikelihood.Gaussian(rbm, v);
            for (int r = 0; r < 5; r++)
            {
                var row = v.Data.Slice(r * 4, 4).ToArray();
                double expected = Enumerable.Range(0, 4).Sum(i => BruteForceConditional(rbm, row, i));
                Close.Assert(expected, pll.Data[r], atol: 2e-3, rtol: 1e-4, what: $"Gaussian PLL of row {r}, weight scale {scale}");
            }
        }
    }

    [Fact]
    public void EachGaussianConditionalIsANormalisedDensity()
    {
        // With V = 1 the PLL is log p(v₁): integrated over a fine grid of v₁ it must give 1, also for a bimodal conditional.
        var rbm = RbmEnergyTests.RandomRbm(1, 3, seed: 5, scale: 3.0, units: VisibleUnits.Gaussian);
        const double from = -60, to = 60;
        const int points = 12001;
        var grid = Tensor.FromArray([.. Enumerable.Range(0, points).Select(k => (float)(from + (to - from) * k / (points - 1)))], [points, 1]);
        var density = PseudoLikelihood.Gaussian(rbm, grid).ToArray().Select(l => Math.Exp(l)).ToArray();
        double step = (to - from) / (points - 1);
        Close.Assert(1, density.Sum() * step, atol: 1e-4, rtol: 0, what: "∫ p(v₁) dv₁");
        int modes = Enumerable.Range(1, points - 2).Count(k => density[k] > density[k - 1] && density[k] > density[k + 1] && density[k] > 1e-3);
        Assert.True(modes >= 2, $"the conditional should be a visible mixture (weights of scale 3), found {modes} mode(s)");
    }

    [Fact]
    public void EachKindOfUnitsRejectsTheOthersPseudoLikelihood()
    {
        var gaussian = RbmEnergyTests.RandomRbm(3, 2, seed: 1, units: VisibleUnits.Gaussian);
        var binary = RbmEnergyTests.RandomRbm(3, 2, seed: 1);
        Assert.Contains("Gaussian", Assert.Throws<InvalidOperationException>(() => PseudoLikelihood.Binary(gaussian, Tensor.Zeros(1, 3))).Message);
        Assert.Contains("binary", Assert.Throws<InvalidOperationException>(() => PseudoLikelihood.Gaussian(binary, Tensor.Zeros(1, 3))).Message);
        Assert.Throws<ArgumentException>(() => PseudoLikelihood.Gaussian(gaussian, Tensor.Zeros(1, 4)));
    }
}
