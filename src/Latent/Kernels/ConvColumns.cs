using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Latent.Kernels;

/// <summary>
/// The column matrix of a convolution over a chunk of images: <see cref="Gather"/> (im2col) copies every receptive
/// field into a column, <see cref="Scatter"/> (col2im) sums columns back into the images (its adjoint). Rows are
/// (c, t) for channel c and computed tap t (<see cref="ConvGeometry.Taps"/>); columns are (image of the chunk, oh, ow).
/// The offset tables are built once per convolution and serve every chunk.
/// </summary>
internal sealed class ConvColumns
{
    private readonly ConvGeometry _g;

    // For kernel column j: the input column read by each output column ow, or −1 in the padding.
    private readonly int[] _columnTable;

    // Stride 1: for kernel column j, the output columns [first, end) that read inside the image.
    private readonly int[] _first, _end;

    // Strided convolutions with small output planes: for kernel tap (i, j), the offset in an input plane read by each
    // output pixel, or −1 in the padding. With strides above one the output rows are short (7 or 14 pixels in DCGAN)
    // and scattered; walking a whole plane through one table replaces a loop set-up per row with one loop per plane.
    private readonly int[]? _tapTable;

    /// <summary>Builds the tables of <paramref name="g"/>.</summary>
    public ConvColumns(in ConvGeometry g)
    {
        _g = g;
        _columnTable = new int[g.Kw * g.Wo];
        _first = new int[g.Kw];
        _end = new int[g.Kw];
        for (int j = 0; j < g.Kw; j++)
        {
            for (int ow = 0; ow < g.Wo; ow++)
            {
                int iw = ow * g.StrideW - g.PadW + j * g.DilationW;
                _columnTable[j * g.Wo + ow] = (uint)iw < (uint)g.W ? iw : -1;
            }
            int shift = j * g.DilationW - g.PadW; // iw = ow + shift at stride 1
            _first[j] = Math.Clamp(-shift, 0, g.Wo);
            _end[j] = Math.Clamp(g.W - shift, _first[j], g.Wo);
        }
        if (g.StrideW > 1 && g.Kh * g.Kw * g.OutPlane <= 1 << 16) _tapTable = TapTable(g);
    }

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

    /// <summary>
    /// cols[(c, t), (n − n0, oh, ow)] = x[n, c, oh·s − p + i·d, ow·s − p + j·d] for the images n0 … n0 + count − 1, with
    /// (i, j) the position of tap t (0 outside the image). With <paramref name="parallel"/> rows are split over threads.
    /// </summary>
    public void Gather(float[] x, int n0, int count, float[] cols, bool parallel)
    {
        int rows = _g.ColRows, width = count * _g.OutPlane;
        if (!parallel || (long)rows * width < 2 * Parallelism.ElementwiseGrain)
        {
            GatherRows(x, n0, count, cols, 0, rows);
            return;
        }
        Parallelism.For(rows, Math.Max(1, Parallelism.ElementwiseGrain / width), (r0, r1) => GatherRows(x, n0, count, cols, r0, r1));
    }

    private unsafe void GatherRows(float[] x, int n0, int count, float[] cols, int r0, int r1)
    {
        var g = _g;
        int taps = g.TapCount, plane = g.OutPlane, width = count * plane, inPlane = g.H * g.W;
        fixed (float* px = x, pc = cols)
        fixed (int* pt = _columnTable)
        fixed (int* ptaps = _tapTable)
        {
            for (int r = r0; r < r1; r++)
            {
                int c = r / taps, tap = g.Tap(r % taps), i = tap / g.Kw, j = tap % g.Kw;
                float* dst = pc + (long)r * width;
                for (int n = n0; n < n0 + count; n++, dst += plane)
                {
                    float* src = px + (long)(n * g.C + c) * inPlane;
                    if (ptaps != null) GatherPlane(src, ptaps + tap * plane, dst, plane);
                    else if (g.StrideW == 1) GatherRowsStride1(src, dst, i, j);
                    else GatherRowsByTable(src, dst, i, pt + j * g.Wo);
                }
            }
        }
    }

    private unsafe void GatherRowsStride1(float* src, float* dst, int i, int j)
    {
        var g = _g;
        int first = _first[j], end = _end[j], shift = j * g.DilationW - g.PadW;
        if (g.StrideH == 1 && g.Wo == g.W)
        {
            GatherPlaneStride1(src, dst, i, first, end, shift);
            return;
        }
        for (int oh = 0; oh < g.Ho; oh++, dst += g.Wo)
        {
            int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
            if ((uint)ih >= (uint)g.H)
            {
                new Span<float>(dst, g.Wo).Clear();
                continue;
            }
            for (int ow = 0; ow < first; ow++) dst[ow] = 0f;
            Buffer.MemoryCopy(src + ih * g.W + first + shift, dst + first, (end - first) * sizeof(float), (end - first) * sizeof(float));
            for (int ow = end; ow < g.Wo; ow++) dst[ow] = 0f;
        }
    }

    /// <summary>
    /// Stride 1 with rows as wide as the image's: the valid output rows read one contiguous run of the input plane,
    /// shifted by the tap, so they are copied at once (one call instead of one per row, which dominated 3×3 convolutions
    /// on 28×28 planes) and then the columns the shift wrapped into the neighbouring row are zeroed.
    /// </summary>
    private unsafe void GatherPlaneStride1(float* src, float* dst, int i, int first, int end, int shift)
    {
        var g = _g;
        int w = g.W, rowShift = i * g.DilationH - g.PadH;
        int oh0 = Math.Clamp(-rowShift, 0, g.Ho), oh1 = Math.Clamp(g.H - rowShift, oh0, g.Ho);
        new Span<float>(dst, oh0 * w).Clear();
        new Span<float>(dst + oh1 * w, (g.Ho - oh1) * w).Clear();
        if (oh1 == oh0) return;
        // Output k of the run reads input k + offset; outputs whose input falls outside the plane are wrapped columns.
        long offset = (long)rowShift * w + shift, from = oh0 * w, to = oh1 * w;
        long start = Math.Max(from, -offset), stop = Math.Min(to, (long)g.H * w - offset);
        if (stop > start)
            Buffer.MemoryCopy(src + start + offset, dst + start, (stop - start) * sizeof(float), (stop - start) * sizeof(float));
        for (int oh = oh0; oh < oh1; oh++)
        {
            float* row = dst + oh * w;
            for (int ow = 0; ow < first; ow++) row[ow] = 0f;
            for (int ow = end; ow < w; ow++) row[ow] = 0f;
        }
    }

    private unsafe void GatherRowsByTable(float* src, float* dst, int i, int* columns)
    {
        var g = _g;
        for (int oh = 0; oh < g.Ho; oh++, dst += g.Wo)
        {
            int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
            if ((uint)ih >= (uint)g.H)
            {
                new Span<float>(dst, g.Wo).Clear();
                continue;
            }
            float* row = src + ih * g.W;
            for (int ow = 0; ow < g.Wo; ow++)
            {
                int iw = columns[ow];
                dst[ow] = iw >= 0 ? row[iw] : 0f;
            }
        }
    }

    private static unsafe void GatherPlane(float* src, int* offsets, float* dst, int plane)
    {
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

    /// <summary>
    /// The adjoint of <see cref="Gather"/>: overwrites images n0 … n0 + count − 1 of <paramref name="x"/> with the sums
    /// of the columns that read each of their pixels. Each channel is written by one thread, in tap order, so the sums
    /// are deterministic.
    /// </summary>
    public void Scatter(float[] cols, int n0, int count, float[] x, bool parallel)
    {
        int inPlane = _g.H * _g.W;
        Array.Clear(x, n0 * _g.C * inPlane, count * _g.C * inPlane);
        long work = (long)_g.ColRows * count * _g.OutPlane;
        if (!parallel || work < 2 * Parallelism.ElementwiseGrain)
        {
            ScatterChannels(cols, n0, count, x, 0, _g.C);
            return;
        }
        Parallelism.For(_g.C, (int)Math.Max(1, Parallelism.ElementwiseGrain / (work / _g.C)), (c0, c1) => ScatterChannels(cols, n0, count, x, c0, c1));
    }

    private unsafe void ScatterChannels(float[] cols, int n0, int count, float[] x, int c0, int c1)
    {
        var g = _g;
        int taps = g.TapCount, plane = g.OutPlane, width = count * plane, inPlane = g.H * g.W;
        fixed (float* px = x, pc = cols)
        fixed (int* pt = _columnTable)
        fixed (int* ptaps = _tapTable)
        {
            for (int c = c0; c < c1; c++)
                for (int t = 0; t < taps; t++)
                {
                    int tap = g.Tap(t), i = tap / g.Kw, j = tap % g.Kw;
                    float* src = pc + (long)(c * taps + t) * width;
                    for (int n = n0; n < n0 + count; n++, src += plane)
                    {
                        float* dst = px + (long)(n * g.C + c) * inPlane;
                        if (ptaps != null) ScatterPlane(src, ptaps + tap * plane, dst, plane);
                        else if (g.StrideW == 1) ScatterRowsStride1(src, dst, i, j);
                        else ScatterRowsByTable(src, dst, i, pt + j * g.Wo);
                    }
                }
        }
    }

    private unsafe void ScatterRowsStride1(float* src, float* dst, int i, int j)
    {
        var g = _g;
        int first = _first[j], length = _end[j] - first, shift = j * g.DilationW - g.PadW;
        if (length == 0) return;
        for (int oh = 0; oh < g.Ho; oh++, src += g.Wo)
        {
            int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
            if ((uint)ih >= (uint)g.H) continue;
            var row = new Span<float>(dst + ih * g.W + first + shift, length);
            TensorPrimitives.Add(row, new ReadOnlySpan<float>(src + first, length), row);
        }
    }

    private unsafe void ScatterRowsByTable(float* src, float* dst, int i, int* columns)
    {
        var g = _g;
        for (int oh = 0; oh < g.Ho; oh++, src += g.Wo)
        {
            int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
            if ((uint)ih >= (uint)g.H) continue;
            float* row = dst + ih * g.W;
            for (int ow = 0; ow < g.Wo; ow++)
            {
                int iw = columns[ow];
                if (iw >= 0) row[iw] += src[ow];
            }
        }
    }

    private static unsafe void ScatterPlane(float* src, int* offsets, float* dst, int plane)
    {
        for (int k = 0; k < plane; k++)
        {
            int o = offsets[k];
            if (o >= 0) dst[o] += src[k];
        }
    }
}
