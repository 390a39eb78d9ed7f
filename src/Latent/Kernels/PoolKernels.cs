namespace Latent.Kernels;

/// <summary>
/// Pooling over [planes, H, W]. Windows are given per output row and column as [start, end) ranges, which covers
/// strided pooling with padding and adaptive pooling alike.
/// </summary>
internal static class PoolKernels
{
    /// <summary>Window ranges of a strided pool: start = o·s − p, end = start + d·(k − 1) + 1, clipped to [0, size).</summary>
    public static (int[] Start, int[] End) StridedWindows(int size, int outSize, int kernel, int stride, int pad)
    {
        var start = new int[outSize];
        var end = new int[outSize];
        for (int o = 0; o < outSize; o++)
        {
            int s = o * stride - pad;
            start[o] = Math.Max(0, s);
            end[o] = Math.Min(size, s + kernel);
        }
        return (start, end);
    }

    /// <summary>Adaptive windows: start = ⌊o·size/out⌋, end = ⌈(o+1)·size/out⌉.</summary>
    public static (int[] Start, int[] End) AdaptiveWindows(int size, int outSize)
    {
        var start = new int[outSize];
        var end = new int[outSize];
        for (int o = 0; o < outSize; o++)
        {
            start[o] = o * size / outSize;
            end[o] = ((o + 1) * size + outSize - 1) / outSize;
        }
        return (start, end);
    }

    /// <summary>
    /// For each output position the flat index (h·W + w) of the window maximum, with dilation. Padding positions never
    /// win; NaN wins (so it propagates).
    /// </summary>
    public static void MaxPoolIndices(float[] x, int planes, int h, int w, int ho, int wo,
        int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, float[] indices)
    {
        Parallelism.For(planes, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, ho * wo * kh * kw)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int plane = p * h * w;
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        float best = float.NegativeInfinity;
                        int bestIndex = -1;
                        for (int i = 0; i < kh; i++)
                        {
                            int ih = oh * sh - ph + i * dh;
                            if ((uint)ih >= (uint)h) continue;
                            for (int j = 0; j < kw; j++)
                            {
                                int iw = ow * sw - pw + j * dw;
                                if ((uint)iw >= (uint)w) continue;
                                float v = x[plane + ih * w + iw];
                                if (bestIndex < 0 || v > best || float.IsNaN(v)) { best = v; bestIndex = ih * w + iw; }
                                if (float.IsNaN(v)) goto done;
                            }
                        }
                        done:
                        indices[(p * ho + oh) * wo + ow] = bestIndex;
                    }
            }
        });
    }

    /// <summary>
    /// For each output (oh, ow) the flat index of the maximum over rows [rs, re) and columns [cs, ce): the first one in
    /// row-major order among ties; NaN wins.
    /// </summary>
    public static void WindowMaxIndices(float[] x, int planes, int h, int w, int[] rs, int[] re, int[] cs, int[] ce, float[] indices)
    {
        int ho = rs.Length, wo = cs.Length;
        Parallelism.For(planes, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, h * w)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        float best = float.NegativeInfinity;
                        int bestIndex = -1;
                        for (int ih = rs[oh]; ih < re[oh]; ih++)
                            for (int iw = cs[ow]; iw < ce[ow]; iw++)
                            {
                                float v = x[(p * h + ih) * w + iw];
                                if (bestIndex < 0 || v > best || (float.IsNaN(v) && !float.IsNaN(best))) { best = v; bestIndex = ih * w + iw; }
                            }
                        indices[(p * ho + oh) * wo + ow] = bestIndex;
                    }
        });
    }

    /// <summary>y[p, oh, ow] = Σ_window x / divisor(oh, ow).</summary>
    public static void WindowAverage(float[] x, int planes, int h, int w, int[] rs, int[] re, int[] cs, int[] ce, float[] divisor, float[] y)
    {
        int ho = rs.Length, wo = cs.Length;
        Parallelism.For(planes, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, h * w)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        float s = 0;
                        for (int ih = rs[oh]; ih < re[oh]; ih++)
                            for (int iw = cs[ow]; iw < ce[ow]; iw++) s += x[(p * h + ih) * w + iw];
                        y[(p * ho + oh) * wo + ow] = s / divisor[oh * wo + ow];
                    }
        });
    }

    /// <summary>The adjoint of <see cref="WindowAverage"/>: spreads each y / divisor back over its window.</summary>
    public static void WindowAverageAdjoint(float[] gy, int planes, int h, int w, int[] rs, int[] re, int[] cs, int[] ce, float[] divisor, float[] gx)
    {
        int ho = rs.Length, wo = cs.Length;
        Array.Clear(gx);
        Parallelism.For(planes, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, h * w)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        float v = gy[(p * ho + oh) * wo + ow] / divisor[oh * wo + ow];
                        for (int ih = rs[oh]; ih < re[oh]; ih++)
                            for (int iw = cs[ow]; iw < ce[ow]; iw++) gx[(p * h + ih) * w + iw] += v;
                    }
        });
    }
}
