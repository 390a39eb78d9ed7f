using Latent.Kernels;

namespace Latent.Tests.Kernels;

/// <summary>
/// The float-lane tanh and sigmoid against double precision over a dense sweep, at their special points, and element by
/// element the same whatever the span length (vector body or tail). PyTorch comparisons are in the differential tests.
/// </summary>
public class TanhSigmoidKernelTests
{
    private static float[] SweepWithSpecials(float from, float to, float step)
    {
        var xs = new List<float>();
        for (float v = from; v <= to; v += step) xs.Add(v);
        for (int e = -40; e < 7; e++)
            foreach (float m in new[] { 1f, 1.37f, 1.99f }) { xs.Add(m * MathF.Pow(2, e)); xs.Add(-m * MathF.Pow(2, e)); }
        return [.. xs];
    }

    /// <summary>|error| in units of the exact result's float spacing (the ulp of the float nearest to it).</summary>
    private static double Ulps(float actual, double exact)
    {
        float nearest = MathF.Abs((float)exact);
        return Math.Abs(actual - exact) / (MathF.BitIncrement(nearest) - nearest);
    }

    [SkippableFact]
    public void TanhIsWithinFiveUlpsAndNeverLeavesTheUnitInterval()
    {
        Skip.IfNot(TanhSigmoidKernels.IsVectorized, "no AVX2 + FMA: tanh runs System.Numerics.Tensors' kernel");
        var x = SweepWithSpecials(-12f, 12f, 0.000917f);
        var y = new float[x.Length];
        TanhSigmoidKernels.Tanh(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Ulps(y[i], Math.Tanh(x[i])) <= 5, $"tanh({x[i]:R}) = {y[i]:R}, exact {Math.Tanh(x[i]):R}");
            Assert.InRange(y[i], -1f, 1f);
        }
    }

    [SkippableFact]
    public void SigmoidIsWithinThreeUlpsWhereTheResultIsNormal()
    {
        Skip.IfNot(TanhSigmoidKernels.IsVectorized, "no AVX2 + FMA: sigmoid runs System.Numerics.Tensors' kernel");
        var x = SweepWithSpecials(-100f, 100f, 0.00731f);
        var y = new float[x.Length];
        TanhSigmoidKernels.SigmoidLanesOnly(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = 1 / (1 + Math.Exp(-(double)x[i]));
            if (exact < 1.1754944e-38) Assert.True(y[i] <= 1.1754944e-38 && y[i] >= 0, $"sigmoid({x[i]:R}) = {y[i]:R}, exact {exact:R}");
            else Assert.True(Ulps(y[i], exact) <= 3, $"sigmoid({x[i]:R}) = {y[i]:R}, exact {exact:R}");
        }
    }

    [SkippableFact]
    public void SpecialPointsAreExact()
    {
        Skip.IfNot(TanhSigmoidKernels.IsVectorized, "no AVX2 + FMA");
        float[] x = [float.NegativeInfinity, -0f, 0f, float.PositiveInfinity, float.NaN, 1e-30f, -1e-30f];
        var t = new float[x.Length];
        var s = new float[x.Length];
        TanhSigmoidKernels.Tanh(x, t);
        TanhSigmoidKernels.SigmoidLanesOnly(x, s);
        Assert.Equal([-1f, 0f, 0f, 1f], t[..4]);
        Assert.True(float.IsNegative(t[1]) && !float.IsNegative(t[2]), "tanh keeps the sign of zero");
        Assert.True(float.IsNaN(t[4]) && float.IsNaN(s[4]), "NaN stays NaN");
        Assert.Equal(1e-30f, t[5]);
        Assert.Equal(-1e-30f, t[6]);
        Assert.Equal([0f, 0.5f, 0.5f, 1f], s[..4]);
        Assert.Equal(0.5f, s[5]);
    }

    [SkippableFact]
    public void EveryElementGetsTheSameBitsInTheVectorBodyAndInTheTail()
    {
        Skip.IfNot(TanhSigmoidKernels.IsVectorized, "no AVX2 + FMA");
        var gen = new Latent.Tensors.Generator(21);
        var x = Latent.Tensors.Tensor.Randn([37], gen, std: 3f).ToArray();
        foreach (var kernel in new Action<float[], float[]>[] { (a, b) => TanhSigmoidKernels.Tanh(a, b), (a, b) => TanhSigmoidKernels.SigmoidLanesOnly(a, b) })
        {
            var whole = new float[x.Length];
            kernel(x, whole);
            for (int i = 0; i < x.Length; i++)
            {
                var one = new float[1];
                kernel([x[i]], one);
                Assert.Equal(whole[i], one[0]);
            }
        }
    }
}
