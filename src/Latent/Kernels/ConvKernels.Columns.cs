using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Latent.Kernels;

/// <summary>
/// The column matrix of a convolution: im2col copies every receptive field into a column, col2im sums columns back
/// into the image (its adjoint). Strided convolutions walk a per-tap offset table over whole output planes.
/// </summary>
internal static partial class ConvKernels
{
    /// <summary>
    /// For kernel column j: the input column read by each output column ow (−1 where it falls in the padding). The same
    /// table serves every image, channel and row, so the inner loops do no bounds arithmetic.
    /// </summary>
    private static int[] ColumnTable(in ConvGeometry g)
    {
        var table = new int[g.Kw * g.Wo];
        for (int j = 0; j < g.Kw; j++)
            for (int ow = 0; ow < g.Wo; ow++)
            {
                int iw = ow * g.StrideW - g.PadW + j * g.DilationW;
                table[j * g.Wo + ow] = (uint)iw < (uint)g.W ? iw : -1;
            }
        return table;
    }

    /// <summary>
    /// For kernel tap (i, j): the offset in an input plane read by each output pixel (oh, ow), or −1 in the padding. With
    /// strides above one the output rows are short (7 or 14 pixels in DCGAN) and scattered; walking a whole output plane
    /// through one table replaces a loop set-up per row with a single loop per (row of cols, image).
    /// </summary>
    private static int[] TapTable(in ConvGeometry g)
    {
        var table = new int[g.Kh * g.Kw * g.OutPlane];
        for (int i = 0; i < g.Kh; i++)
            for (int j = 0; j < g.Kw; j++)
                for (int oh = 0; oh < g.Ho; oh++)
                    for (int ow = 0; ow < g.Wo; ow++)
                    {
                        int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                        int iw = ow * g.StrideW - g.PadW + j * g.DilationW;
                        table[((i * g.Kw + j) * g.Ho + oh) * g.Wo + ow] = (uint)ih < (uint)g.H && (uint)iw < (uint)g.W ? ih * g.W + iw : -1;
                    }
        return table;
    }

    // The tap table pays off for strided convolutions whose output planes are small enough to keep it in cache.
    private static bool UseTapTable(in ConvGeometry g) => g.StrideW > 1 && g.Kh * g.Kw * g.OutPlane <= 1 << 16;

    /// <summary>cols[(c,i,j), (n,oh,ow)] = x[n, c, oh·s − p + i·d, ow·s − p + j·d] (0 outside the image).</summary>
    public static unsafe void Im2Col(float[] x, in ConvGeometry g, float[] cols)
    {
        if (UseTapTable(g))
        {
            Im2ColByTaps(x, g, cols);
            return;
        }
        var geo = g;
        int nl = g.N * g.OutPlane;
        var table = ColumnTable(g);
        Parallelism.For(g.ColRows, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, nl)), (r0, r1) =>
        {
            fixed (float* px = x, pc = cols)
            fixed (int* pt = table)
            {
                for (int r = r0; r < r1; r++)
                {
                    int j = r % geo.Kw, i = r / geo.Kw % geo.Kh, c = r / (geo.Kw * geo.Kh);
                    int* cols_j = pt + j * geo.Wo;
                    bool contiguous = geo.StrideW == 1 && cols_j[0] >= 0 && cols_j[geo.Wo - 1] >= 0;
                    float* dst = pc + (long)r * nl;
                    for (int n = 0; n < geo.N; n++)
                    {
                        float* plane = px + (long)(n * geo.C + c) * geo.H * geo.W;
                        for (int oh = 0; oh < geo.Ho; oh++, dst += geo.Wo)
                        {
                            int ih = oh * geo.StrideH - geo.PadH + i * geo.DilationH;
                            if ((uint)ih >= (uint)geo.H)
                            {
                                new Span<float>(dst, geo.Wo).Clear();
                                continue;
                            }
                            float* src = plane + ih * geo.W;
                            if (contiguous)
                            {
                                Buffer.MemoryCopy(src + cols_j[0], dst, geo.Wo * sizeof(float), geo.Wo * sizeof(float));
                                continue;
                            }
                            for (int ow = 0; ow < geo.Wo; ow++)
                            {
                                int iw = cols_j[ow];
                                dst[ow] = iw >= 0 ? src[iw] : 0f;
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: x[n, c, ih, iw] = Σ cols over every (i, j, oh, ow) that reads it.</summary>
    public static unsafe void Col2Im(float[] cols, in ConvGeometry g, float[] x)
    {
        Array.Clear(x);
        if (UseTapTable(g))
        {
            Col2ImByTaps(cols, g, x);
            return;
        }
        var geo = g;
        int nl = g.N * g.OutPlane;
        var table = ColumnTable(g);
        // Each channel's planes are written by one thread only, so the sums are deterministic.
        Parallelism.For(g.C, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, nl * g.Kh * g.Kw)), (c0, c1) =>
        {
            fixed (float* px = x, pc = cols)
            fixed (int* pt = table)
            {
                for (int c = c0; c < c1; c++)
                    for (int i = 0; i < geo.Kh; i++)
                        for (int j = 0; j < geo.Kw; j++)
                        {
                            int* cols_j = pt + j * geo.Wo;
                            float* src = pc + (long)((c * geo.Kh + i) * geo.Kw + j) * nl;
                            for (int n = 0; n < geo.N; n++)
                            {
                                float* plane = px + (long)(n * geo.C + c) * geo.H * geo.W;
                                for (int oh = 0; oh < geo.Ho; oh++, src += geo.Wo)
                                {
                                    int ih = oh * geo.StrideH - geo.PadH + i * geo.DilationH;
                                    if ((uint)ih >= (uint)geo.H) continue;
                                    float* dst = plane + ih * geo.W;
                                    for (int ow = 0; ow < geo.Wo; ow++)
                                    {
                                        int iw = cols_j[ow];
                                        if (iw >= 0) dst[iw] += src[ow];
                                    }
                                }
                            }
                        }
            }
        });
    }

    private static unsafe void Im2ColByTaps(float[] x, in ConvGeometry g, float[] cols)
    {
        var geo = g;
        int nl = g.N * g.OutPlane, plane = g.OutPlane, taps = g.Kh * g.Kw;
        var table = TapTable(g);
        Parallelism.For(g.ColRows, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, nl)), (r0, r1) =>
        {
            fixed (float* px = x, pc = cols)
            fixed (int* pt = table)
            {
                for (int r = r0; r < r1; r++)
                {
                    int* offsets = pt + (r % taps) * plane;
                    int c = r / taps;
                    float* dst = pc + (long)r * nl;
                    for (int n = 0; n < geo.N; n++, dst += plane)
                    {
                        float* src = px + (long)(n * geo.C + c) * geo.H * geo.W;
                        int k = 0;
                        if (Avx2.IsSupported)
                        {
                            // Masked hardware gather: padding lanes (offset −1) stay zero.
                            var minusOne = Vector256.Create(-1);
                            for (; k <= plane - 8; k += 8)
                            {
                                var idx = Avx.LoadVector256(offsets + k);
                                var mask = Avx2.CompareGreaterThan(idx, minusOne).AsSingle();
                                Avx.Store(dst + k, Avx2.GatherMaskVector256(Vector256<float>.Zero, src, idx, mask, 4));
                            }
                        }
                        for (; k < plane; k++)
                        {
                            int o = offsets[k];
                            dst[k] = o >= 0 ? src[o] : 0f;
                        }
                    }
                }
            }
        });
    }

    private static unsafe void Col2ImByTaps(float[] cols, in ConvGeometry g, float[] x)
    {
        var geo = g;
        int nl = g.N * g.OutPlane, plane = g.OutPlane, taps = g.Kh * g.Kw;
        var table = TapTable(g);
        // Each channel's planes are written by one thread only, so the sums are deterministic.
        Parallelism.For(g.C, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, nl * taps)), (c0, c1) =>
        {
            fixed (float* px = x, pc = cols)
            fixed (int* pt = table)
            {
                for (int c = c0; c < c1; c++)
                    for (int t = 0; t < taps; t++)
                    {
                        int* offsets = pt + t * plane;
                        float* src = pc + (long)(c * taps + t) * nl;
                        for (int n = 0; n < geo.N; n++, src += plane)
                        {
                            float* dst = px + (long)(n * geo.C + c) * geo.H * geo.W;
                            for (int k = 0; k < plane; k++)
                            {
                                int o = offsets[k];
                                if (o >= 0) dst[o] += src[k];
                            }
                        }
                    }
            }
        });
    }
}
