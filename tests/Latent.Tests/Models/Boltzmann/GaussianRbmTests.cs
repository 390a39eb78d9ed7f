using Latent.Data;
using Latent.Models.Boltzmann;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>
/// The Gaussian–Bernoulli RBM (unit-variance visible units): energy, free energy, conditionals and log Z against
/// brute-force enumeration of the hidden states and numerical integration over the visible ones, AIS against the exact
/// log Z, and a short training run.
/// </summary>
public class GaussianRbmTests
{
    private static RbmParameters RandomRbm(int visible, int hidden, ulong seed, double scale = 0.5)
        => RbmEnergyTests.RandomRbm(visible, hidden, seed, scale, VisibleUnits.Gaussian);

    private static double Energy(RbmParameters rbm, ReadOnlySpan<float> v, ReadOnlySpan<float> h) => RbmEnergyTests.Energy(rbm, v, h);

    private static double LogSumExp(IEnumerable<double> xs) => RbmEnergyTests.LogSumExp(xs);

    [Fact]
    public void EnergyAndFreeEnergyEqualTheirDefinitionsByEnumeratingTheHiddenStates()
    {
        var rbm = RandomRbm(5, 4, seed: 3);
        var vs = Tensor.Randn([7, 5], new Generator(4), 0, 1.5f);
        var hs = RbmEnergyTests.AllStates(4);
        var free = rbm.FreeEnergy(vs);
        for (int a = 0; a < 7; a++)
        {
            var energies = new double[16];
            for (int b = 0; b < 16; b++) energies[b] = Energy(rbm, vs.Data.Slice(a * 5, 5), hs.Data.Slice(b * 4, 4));
            Close.Assert(-LogSumExp(energies.Select(e => -e)), free.Data[a], atol: 1e-4, rtol: 1e-5, what: $"F(v{a})");
            var e = rbm.Energy(vs.Narrow(0, a, 1).Expand(16, 5), hs);
            for (int b = 0; b < 16; b++) Close.Assert(energies[b], e.Data[b], atol: 1e-4, rtol: 1e-5, what: $"E(v{a}, h{b})");
        }
    }

    [Fact]
    public void ConditionalsAreTheJointsRatiosAndAUnitVarianceGaussian()
    {
        var rbm = RandomRbm(4, 3, seed: 5);
        var vs = Tensor.Randn([6, 4], new Generator(6), 0, 1.5f);
        var hs = RbmEnergyTests.AllStates(3);
        var ph = rbm.HiddenProbabilities(vs);
        for (int a = 0; a < 6; a++)
        {
            var joint = Enumerable.Range(0, 8).Select(b => Math.Exp(-Energy(rbm, vs.Data.Slice(a * 4, 4), hs.Data.Slice(b * 3, 3)))).ToArray();
            for (int j = 0; j < 3; j++)
            {
                double on = Enumerable.Range(0, 8).Where(b => (b >> j & 1) == 1).Sum(b => joint[b]);
                Close.Assert(on / joint.Sum(), ph.Data[a * 3 + j], atol: 1e-6, rtol: 1e-5, what: $"p(h{j} = 1 | v{a})");
            }
        }
        // p(v | h) ∝ e^(−E(v, h)) is N(μ, I) exactly when E(v, h) − E(v', h) = ½‖v − μ‖² − ½‖v' − μ‖² for every v, v'.
        var mean = rbm.VisibleMean(hs);
        for (int b = 0; b < 8; b++)
            for (int a = 1; a < 6; a++)
            {
                double gap = Energy(rbm, vs.Data.Slice(a * 4, 4), hs.Data.Slice(b * 3, 3)) - Energy(rbm, vs.Data.Slice(0, 4), hs.Data.Slice(b * 3, 3));
                double quadratic = 0;
                for (int i = 0; i < 4; i++)
                {
                    double m = mean.Data[b * 4 + i], x = vs.Data[a * 4 + i], y = vs.Data[i];
                    quadratic += 0.5 * ((x - m) * (x - m) - (y - m) * (y - m));
                }
                Close.Assert(quadratic, gap, atol: 1e-4, rtol: 1e-5, what: $"energy difference under h{b}");
            }
        // Draws of v | h have that mean and unit variance.
        var draws = rbm.SampleVisible(hs.Narrow(0, 5, 1).Expand(20000, 3), new Generator(7));
        var drawMean = draws.Mean(0);
        var drawVar = (draws - drawMean).Square().Mean(0);
        for (int i = 0; i < 4; i++)
        {
            Close.Assert(mean.Data[5 * 4 + i], drawMean.Data[i], atol: 0.03, rtol: 0, what: $"mean of v{i} | h5");
            Close.Assert(1, drawVar.Data[i], atol: 0.05, rtol: 0, what: $"variance of v{i} | h5");
        }
    }

    [Fact]
    public void ExactLogPartitionEqualsNumericalIntegrationOverTheVisibleUnits()
    {
        // Two visible units: Z = Σ_h ∫∫ e^(−E(v, h)) dv by the midpoint rule (the integrand is negligible outside ±10).
        var rbm = RandomRbm(2, 3, seed: 7, scale: 0.8);
        var hs = RbmEnergyTests.AllStates(3);
        const double limit = 10, step = 0.05;
        int points = (int)(2 * limit / step);
        var terms = new List<double>();
        Span<float> v = stackalloc float[2];
        for (int b = 0; b < 8; b++)
        {
            var h = hs.Data.Slice(b * 3, 3);
            double sum = 0;
            for (int p = 0; p < points; p++)
                for (int q = 0; q < points; q++)
                {
                    v[0] = (float)(-limit + (p + 0.5) * step);
                    v[1] = (float)(-limit + (q + 0.5) * step);
                    sum += Math.Exp(-Energy(rbm, v, h));
                }
            terms.Add(Math.Log(sum * step * step));
        }
        Close.Assert(LogSumExp(terms), RbmPartition.LogZ(rbm), atol: 1e-4, rtol: 1e-5, what: "log Z");
    }

    [Fact]
    public void DensityOfThePixelsIntegratesToOne()
    {
        // One pixel standardised with μ = 0.5, σ = 0.05: the model's density of x ∈ [0, 1] (log Z exact, Jacobian −log σ) integrates to 1.
        var standardization = new PixelStandardization(1);
        standardization.Mean.Data[0] = 0.5f;
        standardization.Std.Data[0] = 0.05f;
        var model = new RestrictedBoltzmannMachine([1], new RbmOptions { Visible = VisibleUnits.Gaussian, Hidden = 3, InitStd = 0.7 },
            null, 1, new Generator(2), new Generator(3), standardization);
        new Generator(4).FillNormal(model.Parameters.VisibleBias.Data, 0, 0.5f);
        Assert.Equal(LikelihoodKind.Exact, model.Kind);
        const int points = 20000;
        var x = Tensor.FromArray([.. Enumerable.Range(0, points).Select(i => (i + 0.5f) / points)], [points, 1]);
        var ll = model.LogLikelihood(x, new Generator(1)).ToArray();
        Close.Assert(1, ll.Sum(l => Math.Exp(l)) / points, atol: 1e-4, rtol: 0, what: "∫ p(x) dx over [0, 1]");
        Assert.True(ll.Max() - ll.Min() > 5, "the density should vary across the pixel range");
    }

    [Fact]
    public void AisEstimateLiesWithinItsIntervalOfTheExactLogZ()
    {
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            var rbm = RandomRbm(30, 10, seed, scale: 0.3);
            var gen = new Generator(seed + 20);
            gen.FillNormal(rbm.BaseRateLogits.Data, 0, 0.3f);   // a base model that is not the RBM's own visible bias
            double exact = RbmPartition.LogZ(rbm);
            var ais = AnnealedImportanceSampling.Estimate(rbm, AisSchedule.Standard(1000), runs: 100, new Generator(seed + 10));
            Assert.True(ais.Contains(exact), $"seed {seed}: exact log Z {exact:F4} outside the AIS interval [{ais.LogZLow:F4}, {ais.LogZHigh:F4}] (estimate {ais.LogZ:F4})");
            Close.Assert(exact, ais.LogZ, atol: 0.1, rtol: 0, what: $"AIS log Z (seed {seed})");
            Assert.True(Math.Abs(ais.LogZBase - exact) > 1, $"seed {seed}: the base model's log Z {ais.LogZBase:F3} is already {exact:F3}: the test shows nothing");
        }
    }

    [Fact]
    public void TrainingByCd1RaisesTheExactLogLikelihoodOfStandardisedData()
    {
        // 8 pixels from two prototypes plus noise; 6 hidden units, so log Z is exact.
        var gen = new Generator(11);
        var x = Tensor.Zeros(400, 8);
        for (int r = 0; r < 400; r++)
            for (int i = 0; i < 8; i++)
                x.Data[r * 8 + i] = (float)Math.Clamp((r % 2 == 0 ? (i < 4 ? 0.8 : 0.2) : (i < 4 ? 0.2 : 0.8)) + 0.08 * gen.NextNormal(), 0, 1);
        var standardization = new PixelStandardization(8);
        standardization.Fit(x);
        var model = new RestrictedBoltzmannMachine([8], new RbmOptions { Visible = VisibleUnits.Gaussian, Hidden = 6, LearningRate = 0.01, Momentum = 0.5 },
            Tensor.Zeros(8), 400, new Generator(12), new Generator(13), standardization);
        double before = model.LogLikelihood(x, new Generator(0)).Mean().Item();
        var order = new Generator(14);
        for (int step = 0; step < 300; step++)
        {
            var rows = Enumerable.Range(0, 20).Select(_ => order.NextInt(400)).ToArray();
            var batch = Tensor.Concat([.. rows.Select(r => x.Narrow(0, r, 1))], 0);
            model.TrainStep(new Batch(batch, null, null, rows));
        }
        double after = model.LogLikelihood(x, new Generator(0)).Mean().Item();
        Assert.True(after > before + 1, $"log-likelihood {before:F3} → {after:F3} nats per example");
        var samples = model.Sample(200, new Generator(15));
        Assert.Equal([200, 8], samples.Shape);
        Assert.InRange(samples.Min().Item(), 0f, 1f);
        Assert.InRange(samples.Max().Item(), 0f, 1f);
    }

    [Fact]
    public void GaussianUnitsRejectBinaryOnlyOperations()
    {
        var model = new RestrictedBoltzmannMachine([4], new RbmOptions { Visible = VisibleUnits.Gaussian, Hidden = 3 }, null, 1, new Generator(2), new Generator(3));
        Assert.Equal([1], model.PseudoLogLikelihood(Tensor.Zeros(1, 4)).Shape);   // integrated numerically (PseudoLikelihoodTests)
        Assert.Throws<InvalidOperationException>(() => model.Parameters.VisibleProbabilities(Tensor.Zeros(1, 3)));
        Assert.Throws<InvalidOperationException>(() => model.Parameters.SetVisibleBiasesFromMeans(Tensor.Zeros(4), 10));
        var e = Assert.Throws<ArgumentException>(() => model.ToVisible(Tensor.Full(2f, 1, 4), new Generator(0)));
        Assert.Contains("[0, 1]", e.Message);
        Assert.Throws<ArgumentException>(() => new RestrictedBoltzmannMachine([4], new RbmOptions { Visible = VisibleUnits.Gaussian, Hidden = 3 }, null, 1,
            new Generator(2), new Generator(3), new PixelStandardization(5)));
    }
}
