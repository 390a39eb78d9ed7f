using Latent.Models.Boltzmann;
using Latent.Tensors;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>Annealed importance sampling of log Z against the exact value of RBMs small enough to enumerate.</summary>
public class AisTests
{
    /// <summary>A 40-pixel RBM with 12 hidden units whose base rate is its visible biases' marginal.</summary>
    private static RbmParameters Model(ulong seed)
    {
        var rbm = RbmEnergyTests.RandomRbm(40, 12, seed, scale: 0.4);
        rbm.VisibleBias.Data.CopyTo(rbm.BaseRateLogits.Data);
        return rbm;
    }

    [Fact]
    public void EstimateLiesWithinItsIntervalOfTheExactLogZ()
    {
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var rbm = Model(seed);
            double exact = RbmPartition.LogZ(rbm);
            var ais = AnnealedImportanceSampling.Estimate(rbm, AisSchedule.Standard(1000), runs: 100, new Generator(seed + 10));
            Assert.True(ais.Contains(exact), $"seed {seed}: exact log Z {exact:F4} outside the AIS interval [{ais.LogZLow:F4}, {ais.LogZHigh:F4}] (estimate {ais.LogZ:F4})");
            Close.Assert(exact, ais.LogZ, atol: 0.1, rtol: 0, what: $"AIS log Z (seed {seed})");
            Assert.True(ais.LogZHigh - ais.LogZLow < 0.5, $"seed {seed}: interval [{ais.LogZLow:F4}, {ais.LogZHigh:F4}] is too wide to test anything");
            Assert.NotEqual(ais.LogZBase, ais.LogZ, 3);
        }
    }

    [Fact]
    public void IntervalShrinksAsRunsAndTemperaturesGrow()
    {
        var rbm = Model(4);
        double exact = RbmPartition.LogZ(rbm);
        var coarse = AnnealedImportanceSampling.Estimate(rbm, AisSchedule.Standard(30), runs: 20, new Generator(1));
        var fine = AnnealedImportanceSampling.Estimate(rbm, AisSchedule.Standard(2000), runs: 200, new Generator(1));
        double coarseWidth = coarse.LogZHigh - (double.IsFinite(coarse.LogZLow) ? coarse.LogZLow : coarse.LogZ - 10);
        double fineWidth = fine.LogZHigh - fine.LogZLow;
        Assert.True(fineWidth < coarseWidth / 3, $"interval width {coarseWidth:F4} with 20 runs × 30 temperatures, {fineWidth:F4} with 200 × 2000");
        Assert.True(Math.Abs(fine.LogZ - exact) < Math.Abs(coarse.LogZ - exact) + 0.02,
            $"error {Math.Abs(coarse.LogZ - exact):F4} coarse, {Math.Abs(fine.LogZ - exact):F4} fine");
        Assert.True(fine.Contains(exact));
    }

    [Fact]
    public void ScheduleIsSalakhutdinovAndMurraysAtFullLength()
    {
        var s = AisSchedule.Standard(14500);
        Assert.Equal(14500, s.Temperatures);
        Assert.Equal(0, s.Betas[0]);
        Close.Assert(0.5, s.Betas[500], atol: 1e-12, rtol: 0);
        Close.Assert(0.9, s.Betas[4500], atol: 1e-12, rtol: 0);
        Assert.Equal(1, s.Betas[^1]);
        Close.Assert(0.5 / 500, s.Betas[1], atol: 1e-15, rtol: 0);          // steps of 0.001, 0.0001 and 0.00001
        Close.Assert(0.5 + 0.4 / 4000, s.Betas[501], atol: 1e-15, rtol: 0);
        Close.Assert(0.9 + 0.1 / 10000, s.Betas[4501], atol: 1e-15, rtol: 0);
        Assert.Throws<ArgumentException>(() => new AisSchedule([0, 0.5, 0.5, 1]));
        Assert.Throws<ArgumentException>(() => new AisSchedule([0.1, 1]));
    }

    [Fact]
    public void IntervalFromWeightsIsTheLogOfMeanPlusMinusThreeStandardErrors()
    {
        double[] logW = [Math.Log(1), Math.Log(2), Math.Log(3), Math.Log(6)];
        var e = AnnealedImportanceSampling.FromLogWeights(logW, logZBase: 1.5, temperatures: 7);
        double mean = 3, se = Math.Sqrt(((4 + 1 + 0 + 9) / 3.0) / 4);   // sample variance 14/3, standard error of the mean
        Close.Assert(1.5 + Math.Log(mean), e.LogZ, atol: 1e-12, rtol: 0);
        Close.Assert(1.5 + Math.Log(mean + 3 * se), e.LogZHigh, atol: 1e-12, rtol: 0);
        Assert.Equal(double.NegativeInfinity, e.LogZLow);                 // 3 − 3·1.08 < 0
        Assert.Throws<ArgumentException>(() => AnnealedImportanceSampling.FromLogWeights([1.0], 0, 1));
    }
}
