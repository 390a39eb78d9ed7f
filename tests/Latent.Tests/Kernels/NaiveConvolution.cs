using Latent.Kernels;

namespace Latent.Tests.Kernels;

/// <summary>
/// The three bilinear maps of a convolution as direct loops in double precision, for any <see cref="ConvGeometry"/>
/// (taps included): the references of the kernel tests.
/// </summary>
internal static class NaiveConvolution
{
    /// <summary>Calls <paramref name="visit"/>(x index, w index, y index) for every multiply-add of the convolution.</summary>
    private static void Each(ConvGeometry g, Action<int, int, int> visit)
    {
        int cg = g.C / g.Groups, og = g.O / g.Groups, taps = g.TapCount;
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < g.O; o++)
                for (int oh = 0; oh < g.Ho; oh++)
                    for (int ow = 0; ow < g.Wo; ow++)
                        for (int ic = 0; ic < cg; ic++)
                            for (int t = 0; t < taps; t++)
                            {
                                int tap = g.Tap(t), i = tap / g.Kw, j = tap % g.Kw;
                                int ih = oh * g.StrideH - g.PadH + i * g.DilationH, iw = ow * g.StrideW - g.PadW + j * g.DilationW;
                                if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                int c = o / og * cg + ic;
                                visit(((n * g.C + c) * g.H + ih) * g.W + iw, (o * cg + ic) * taps + t, ((n * g.O + o) * g.Ho + oh) * g.Wo + ow);
                            }
    }

    /// <summary>y = conv(x, w) + bias.</summary>
    public static double[] Forward(float[] x, float[] w, float[]? bias, ConvGeometry g)
    {
        var y = new double[g.N * g.O * g.OutPlane];
        if (bias != null)
            for (int k = 0; k < y.Length; k++) y[k] = bias[k / g.OutPlane % g.O];
        Each(g, (xi, wi, yi) => y[yi] += (double)x[xi] * w[wi]);
        return y;
    }

    /// <summary>The adjoint in the image: dx = Σ gy·w over the multiply-adds that read each pixel.</summary>
    public static double[] InputGrad(float[] gy, float[] w, ConvGeometry g)
    {
        var dx = new double[g.N * g.C * g.H * g.W];
        Each(g, (xi, wi, yi) => dx[xi] += (double)gy[yi] * w[wi]);
        return dx;
    }

    /// <summary>The adjoint in the kernel: dw = Σ gy·x.</summary>
    public static double[] WeightGrad(float[] x, float[] gy, ConvGeometry g)
    {
        var dw = new double[g.O * (g.ColRows / g.Groups)];
        Each(g, (xi, wi, yi) => dw[wi] += (double)gy[yi] * x[xi]);
        return dw;
    }

    /// <summary>An output buffer of NaNs, so that a kernel that leaves an element unwritten fails the comparison.</summary>
    public static float[] Poisoned(int length)
    {
        var a = new float[length];
        Array.Fill(a, float.NaN);
        return a;
    }

    /// <summary>Asserts a kernel's result against the double-precision reference, element by element.</summary>
    public static void AssertClose(double[] expected, float[] actual, double atol, string what)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], actual[i], atol, 1e-4, $"{what}, element {i}");
    }
}
