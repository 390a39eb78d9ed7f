using Latent.Models.Boltzmann;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>The RBM's energy, free energy, conditionals and partition function against brute-force enumeration in double precision.</summary>
public class RbmEnergyTests
{
    /// <summary>An RBM with weights and biases large enough that the distribution is far from uniform.</summary>
    internal static RbmParameters RandomRbm(int visible, int hidden, ulong seed, double scale = 1.0, VisibleUnits units = VisibleUnits.Binary)
    {
        var gen = new Generator(seed);
        var rbm = new RbmParameters(visible, hidden, gen, initStd: scale, units: units);
        gen.FillNormal(rbm.VisibleBias.Data, 0, (float)scale);
        gen.FillNormal(rbm.HiddenBias.Data, 0, (float)scale);
        return rbm;
    }

    /// <summary>All 2ⁿ binary rows [2ⁿ, n] (bit j of row r is unit j).</summary>
    internal static Tensor AllStates(int n)
    {
        var t = Tensor.Zeros(1 << n, n);
        for (int r = 0; r < 1 << n; r++)
            for (int j = 0; j < n; j++) t.Data[r * n + j] = (r >> j & 1) == 1 ? 1f : 0f;
        return t;
    }

    /// <summary>E(v, h) = −bᵀv − cᵀh − hᵀWv (binary) or ½‖v − b‖² − cᵀh − hᵀWv (Gaussian) in double, from the raw parameters.</summary>
    internal static double Energy(RbmParameters rbm, ReadOnlySpan<float> v, ReadOnlySpan<float> h)
    {
        int nv = rbm.Visible, nh = rbm.Hidden;
        double e = 0;
        for (int i = 0; i < nv; i++)
        {
            double b = rbm.VisibleBias.Data[i];
            e += rbm.Units == VisibleUnits.Gaussian ? 0.5 * (v[i] - b) * (v[i] - b) : -b * v[i];
        }
        for (int j = 0; j < nh; j++)
        {
            e -= rbm.HiddenBias.Data[j] * h[j];
            for (int i = 0; i < nv; i++) e -= h[j] * rbm.Weight.Data[j * nv + i] * v[i];
        }
        return e;
    }

    internal static double LogSumExp(IEnumerable<double> xs)
    {
        var a = xs.ToArray();
        double m = a.Max();
        return m + Math.Log(a.Sum(x => Math.Exp(x - m)));
    }

    [Fact]
    public void EnergyAndFreeEnergyEqualTheirDefinitionsByEnumeration()
    {
        var rbm = RandomRbm(5, 4, seed: 3);
        var vs = AllStates(5);
        var hs = AllStates(4);
        var free = rbm.FreeEnergy(vs);
        for (int a = 0; a < 32; a++)
        {
            var energies = new double[16];
            for (int b = 0; b < 16; b++) energies[b] = Energy(rbm, vs.Data.Slice(a * 5, 5), hs.Data.Slice(b * 4, 4));
            // F(v) = −log Σ_h e^(−E(v, h))
            Close.Assert(-LogSumExp(energies.Select(e => -e)), free.Data[a], atol: 1e-4, rtol: 1e-5, what: $"F(v{a})");
            var e = rbm.Energy(vs.Narrow(0, a, 1).Expand(16, 5), hs);
            for (int b = 0; b < 16; b++) Close.Assert(energies[b], e.Data[b], atol: 1e-4, rtol: 1e-5, what: $"E(v{a}, h{b})");
        }
    }

    [Fact]
    public void ConditionalsEqualRatiosOfTheJointByEnumeration()
    {
        var rbm = RandomRbm(4, 3, seed: 5);
        var vs = AllStates(4);
        var hs = AllStates(3);
        var joint = new double[16, 8];
        for (int a = 0; a < 16; a++)
            for (int b = 0; b < 8; b++) joint[a, b] = Math.Exp(-Energy(rbm, vs.Data.Slice(a * 4, 4), hs.Data.Slice(b * 3, 3)));
        var ph = rbm.HiddenProbabilities(vs);
        for (int a = 0; a < 16; a++)
        {
            double total = Enumerable.Range(0, 8).Sum(b => joint[a, b]);
            for (int j = 0; j < 3; j++)
            {
                double on = Enumerable.Range(0, 8).Where(b => (b >> j & 1) == 1).Sum(b => joint[a, b]);
                Close.Assert(on / total, ph.Data[a * 3 + j], atol: 1e-6, rtol: 1e-5, what: $"p(h{j} = 1 | v{a})");
            }
        }
        var pv = rbm.VisibleProbabilities(hs);
        for (int b = 0; b < 8; b++)
        {
            double total = Enumerable.Range(0, 16).Sum(a => joint[a, b]);
            for (int i = 0; i < 4; i++)
            {
                double on = Enumerable.Range(0, 16).Where(a => (a >> i & 1) == 1).Sum(a => joint[a, b]);
                Close.Assert(on / total, pv.Data[b * 4 + i], atol: 1e-6, rtol: 1e-5, what: $"p(v{i} = 1 | h{b})");
            }
        }
    }

    [Fact]
    public void ExactLogPartitionEqualsTheDoubleSumOverEveryState()
    {
        var rbm = RandomRbm(6, 5, seed: 7);
        var vs = AllStates(6);
        var hs = AllStates(5);
        var terms = new List<double>();
        for (int a = 0; a < 64; a++)
            for (int b = 0; b < 32; b++) terms.Add(-Energy(rbm, vs.Data.Slice(a * 6, 6), hs.Data.Slice(b * 5, 5)));
        Close.Assert(LogSumExp(terms), RbmPartition.LogZ(rbm), atol: 1e-4, rtol: 1e-6, what: "log Z");
    }

    [Fact]
    public void LogLikelihoodOfEveryImageSumsToOne()
    {
        // A 6-pixel model with 5 hidden units: its likelihood is exact, so p(v) over all 64 images must sum to 1.
        var model = new RestrictedBoltzmannMachine([6], new RbmOptions { Hidden = 5, InitStd = 1 }, null, 1, new Generator(2), new Generator(3));
        new Generator(4).FillNormal(model.Parameters.VisibleBias.Data);
        Assert.Equal(LikelihoodKind.Exact, model.Kind);
        var ll = ((ILikelihoodModel)model).LogLikelihood(AllStates(6), new Generator(1));
        double total = ll.ToArray().Sum(l => Math.Exp(l));
        Close.Assert(1, total, atol: 1e-5, rtol: 0, what: "Σ_v p(v)");
        Assert.True(ll.ToArray().Distinct().Count() > 10, "a random RBM should give different images different likelihoods");
    }

    [Fact]
    public void PseudoLogLikelihoodEqualsTheSumOfExactConditionals()
    {
        var model = new RestrictedBoltzmannMachine([5], new RbmOptions { Hidden = 4, InitStd = 1 }, null, 1, new Generator(8), new Generator(9));
        var vs = AllStates(5);
        var ll = model.LogLikelihood(vs, new Generator(0)).ToArray();   // exact log p(v) for every image
        var pll = model.PseudoLogLikelihood(vs);
        for (int a = 0; a < 32; a++)
        {
            double expected = 0;
            for (int i = 0; i < 5; i++)
            {
                int flipped = a ^ (1 << i);
                // p(vᵢ | v₋ᵢ) = p(v) / (p(v) + p(v with bit i flipped))
                expected += ll[a] - LogSumExp([ll[a], ll[flipped]]);
            }
            Close.Assert(expected, pll.Data[a], atol: 1e-4, rtol: 1e-5, what: $"PLL(v{a})");
        }
    }

    [Fact]
    public void BadShapesAndValuesGiveClearErrors()
    {
        var rbm = RandomRbm(4, 3, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => rbm.FreeEnergy(Tensor.Zeros(2, 5)));
        Assert.Contains("4 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => rbm.Energy(Tensor.Zeros(2, 4), Tensor.Zeros(3, 3)));
        Assert.Contains("2 visible rows but 3 hidden rows", e.Message);
        var model = new RestrictedBoltzmannMachine([4], new RbmOptions { Hidden = 3 }, null, 1, new Generator(2), new Generator(3));
        e = Assert.Throws<ArgumentException>(() => model.Binarize(Tensor.Full(1.5f, 1, 4), new Generator(0)));
        Assert.Contains("[0, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Binarize(Tensor.Full(float.NaN, 1, 4), new Generator(0)));
        Assert.Contains("[0, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => RbmPartition.LogZ(RandomRbm(3, 21, seed: 1)));
        Assert.Contains("AnnealedImportanceSampling", e.Message);
    }
}
