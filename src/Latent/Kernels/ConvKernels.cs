namespace Latent.Kernels;

/// <summary>
/// Convolution as im2col + GEMM, chunk by chunk (<see cref="ConvChunks"/>): a chunk's column matrix has rows (c, t)
/// and columns (n, oh, ow), so Y[o, (n, l)] = W[o, (c, t)] · cols[(c, t), (n, l)] per group. A chunk of one image
/// multiplies straight into (or out of) the image's [O, Ho·Wo] block; larger chunks go through a channel-major copy.
/// </summary>
internal static class ConvKernels
{
    /// <summary>
    /// True when the kernel covers the whole unpadded image and the output is a single pixel: the convolution is then a
    /// plain matrix product over the flattened image, with no column matrix and no layout change.
    /// </summary>
    private static bool IsDense(in ConvGeometry g) =>
        g.Taps is null && g.Ho == 1 && g.Wo == 1 && g.H == g.Kh && g.W == g.Kw && g.PadH == 0 && g.PadW == 0 && g.Groups == 1;

    /// <summary>y[n, o, l] = bias[o] + Σ W[o, r] cols[r, (n, l)] per group; y is [N, O, Ho·Wo], bias [O] or null.</summary>
    /// <remarks>A <c>cache</c> shares reordered inputs with other maps of the same convolution on oneDNN (see <see cref="ConvOperandCache"/>).</remarks>
    public static void Forward(float[] x, float[] w, float[]? bias, in ConvGeometry g, float[] y, ConvOperandCache? cache = null)
    {
        float beta = bias is null ? 0f : 1f;
        if (IsDense(g))
        {
            if (bias is not null)
                for (int k = 0; k < g.N; k++) bias.AsSpan(0, g.O).CopyTo(y.AsSpan(k * g.O, g.O));
            Gemm.Run(false, true, g.N, g.O, g.ColRows, 1f, x, 0, g.ColRows, w, 0, g.ColRows, beta, y, 0, g.O);
            return;
        }
        if (OneDnnConvolution.TryForward(x, w, bias, g, y, cache)) return;
        if (ConvDirect.Applies(g))
        {
            ConvDirect.Forward(x, w, bias, g, y);
            return;
        }
        var geo = g;
        var columns = new ConvColumns(g);
        int o = g.O, l = g.OutPlane, og = g.OutPerGroup, rg = g.RowsPerGroup;
        ConvChunks.Run(g, (_, n0, count, parallel) =>
        {
            int width = count * l;
            var cols = GatheredColumns(x, columns, geo, n0, count, parallel, cache);
            var (dst, offset) = count == 1 ? (y, n0 * o * l) : (Scratch.Get(1, o * width), 0);
            if (bias is not null) FillRows(dst, offset, o, width, bias);
            for (int grp = 0; grp < geo.Groups; grp++)
                Gemm.Run(false, false, og, width, rg, 1f, w, grp * og * rg, rg, cols, grp * rg * width, width, beta, dst, offset + grp * og * width, width);
            if (count > 1) SwapLeadingAxes(dst, 0, y, n0 * o * l, o, count, l, parallel); // [O, n, L] → [n, O, L]
        });
    }

    /// <summary>
    /// The adjoint in the image: x[n, c, h, w] from gy [N, O, Ho·Wo] through Wᵀ and col2im — or, for a stride-1
    /// convolution, as the convolution of gy with the flipped kernel, which gathers instead of scattering.
    /// </summary>
    /// <remarks>The <c>cache</c> as in <see cref="Forward"/>.</remarks>
    public static void Transposed(float[] gy, float[] w, in ConvGeometry g, float[] x, ConvOperandCache? cache = null)
    {
        if (IsDense(g))
        {
            Gemm.Run(false, false, g.N, g.ColRows, g.O, 1f, gy, 0, g.O, w, 0, g.ColRows, 0f, x, 0, g.ColRows);
            return;
        }
        if (OneDnnConvolution.TryImageAdjoint(gy, w, g, x, cache)) return;
        if (ConvDirect.Applies(g))
        {
            ConvDirect.Transposed(gy, w, g, x);
            return;
        }
        if (FlippedGeometry(g) is { } flipped)
        {
            Forward(gy, FlippedWeight(w, g), null, flipped, x);
            return;
        }
        var geo = g;
        var columns = new ConvColumns(g);
        int o = g.O, l = g.OutPlane, og = g.OutPerGroup, rg = g.RowsPerGroup;
        ConvChunks.Run(g, (_, n0, count, parallel) =>
        {
            int width = count * l;
            var (src, offset) = ChannelMajor(gy, n0, count, o, l, parallel);
            var cols = Scratch.Get(0, geo.ColRows * width);
            for (int grp = 0; grp < geo.Groups; grp++)
                Gemm.Run(true, false, rg, width, og, 1f, w, grp * og * rg, rg, src, offset + grp * og * width, width, 0f, cols, grp * rg * width, width);
            columns.Scatter(cols, n0, count, x, parallel);
        });
    }

    /// <summary>The adjoint in the kernel: gw[o, r] = Σ_(n,l) gy[n, o, l] cols[r, (n, l)] per group.</summary>
    /// <remarks>Each worker sums its own images; the workers' sums are then added in worker order. The <c>cache</c> as in <see cref="Forward"/>.</remarks>
    public static void WeightGrad(float[] x, float[] gy, in ConvGeometry g, float[] gw, ConvOperandCache? cache = null)
    {
        if (IsDense(g))
        {
            Gemm.Run(true, false, g.O, g.ColRows, g.N, 1f, gy, 0, g.O, x, 0, g.ColRows, 0f, gw, 0, g.ColRows);
            return;
        }
        if (OneDnnConvolution.TryKernelAdjoint(x, gy, g, gw, cache)) return;
        if (ConvDirect.Applies(g))
        {
            ConvDirect.WeightGrad(x, gy, g, gw);
            return;
        }
        var geo = g;
        var columns = new ConvColumns(g);
        int o = g.O, l = g.OutPlane, og = g.OutPerGroup, rg = g.RowsPerGroup, size = o * rg;
        int workers = ConvChunks.Workers(g);
        var sums = new float[workers][];
        sums[0] = gw;
        for (int k = 1; k < workers; k++) sums[k] = GC.AllocateUninitializedArray<float>(size);
        var started = new bool[workers];
        ConvChunks.Run(g, (worker, n0, count, parallel) =>
        {
            int width = count * l;
            var cols = GatheredColumns(x, columns, geo, n0, count, parallel, cache);
            var (src, offset) = ChannelMajor(gy, n0, count, o, l, parallel);
            float beta = started[worker] ? 1f : 0f;
            started[worker] = true;
            for (int grp = 0; grp < geo.Groups; grp++)
                Gemm.Run(false, true, og, rg, width, 1f, src, offset + grp * og * width, width, cols, grp * rg * width, width, beta, sums[worker], grp * og * rg, rg);
        });
        for (int k = 1; k < workers; k++)
            System.Numerics.Tensors.TensorPrimitives.Add(gw.AsSpan(0, size), sums[k].AsSpan(0, size), gw.AsSpan(0, size));
    }

    /// <summary>
    /// The geometry of "gy convolved with the flipped kernel" when it equals the adjoint in the image: stride 1 and an
    /// output of the natural size, so that dx[c, h] = Σ gy[o, h + p − i·d] W[o, c, i] is a padded convolution of gy with
    /// padding d·(k − 1) − p. Null when that does not hold (strides, output padding, groups, padding beyond the kernel).
    /// </summary>
    private static ConvGeometry? FlippedGeometry(in ConvGeometry g)
    {
        if (g.StrideH != 1 || g.StrideW != 1 || g.Groups != 1) return null;
        if (ConvGeometry.OutputSize(g.H, g.Kh, 1, g.PadH, g.DilationH) != g.Ho || ConvGeometry.OutputSize(g.W, g.Kw, 1, g.PadW, g.DilationW) != g.Wo)
            return null;
        int padH = g.DilationH * (g.Kh - 1) - g.PadH, padW = g.DilationW * (g.Kw - 1) - g.PadW;
        if (padH < 0 || padW < 0) return null;
        var taps = new int[g.TapCount];
        int last = g.Kh * g.Kw - 1;
        for (int t = 0; t < taps.Length; t++) taps[t] = last - g.Tap(g.TapCount - 1 - t);
        return new ConvGeometry(g.N, g.O, g.Ho, g.Wo, g.C, g.Kh, g.Kw, 1, 1, padH, padW, g.DilationH, g.DilationW, 1, g.H, g.W, taps);
    }

    /// <summary>W'[c, o, t'] = W[o, c, T − 1 − t']: the kernel of <see cref="FlippedGeometry"/> (taps in ascending order).</summary>
    private static float[] FlippedWeight(float[] w, in ConvGeometry g)
    {
        int taps = g.TapCount, o = g.O, c = g.C;
        var flipped = Scratch.Get(2, o * c * taps);
        for (int oc = 0; oc < o; oc++)
            for (int ic = 0; ic < c; ic++)
            {
                int from = (oc * c + ic) * taps, to = (ic * o + oc) * taps;
                for (int t = 0; t < taps; t++) flipped[to + t] = w[from + taps - 1 - t];
            }
        return flipped;
    }

    /// <summary>
    /// The column matrix of images [n0, n0 + count) of x: gathered into scratch slot 0, or — for a whole-batch chunk
    /// with a <paramref name="cache"/> that shares columns — taken from the cache, or gathered into a buffer it keeps.
    /// </summary>
    private static float[] GatheredColumns(float[] x, ConvColumns columns, in ConvGeometry g, int n0, int count, bool parallel, ConvOperandCache? cache)
    {
        int size = g.ColRows * count * g.OutPlane;
        bool shared = cache is { ShareColumns: true } && n0 == 0 && count == g.N;
        if (shared && cache!.Columns is { } kept) return kept;
        var cols = shared ? cache!.Rent(size) : Scratch.Get(0, size);
        columns.Gather(x, n0, count, cols, parallel);
        if (shared) cache!.Columns = cols;
        return cols;
    }

    /// <summary>Images [n0, n0 + count) of gy as one [O, count·L] matrix: in place for one image, else a copy in scratch slot 1.</summary>
    private static (float[] Data, int Offset) ChannelMajor(float[] gy, int n0, int count, int o, int l, bool parallel)
    {
        if (count == 1) return (gy, n0 * o * l);
        var copy = Scratch.Get(1, o * count * l);
        SwapLeadingAxes(gy, n0 * o * l, copy, 0, count, o, l, parallel); // [n, O, L] → [O, n, L]
        return (copy, 0);
    }

    /// <summary>Fills row r of the [rows, width] block at <paramref name="offset"/> with bias[r].</summary>
    private static void FillRows(float[] dst, int offset, int rows, int width, float[] bias)
    {
        for (int r = 0; r < rows; r++) dst.AsSpan(offset + r * width, width).Fill(bias[r]);
    }

    /// <summary>
    /// [A, B, L] → [B, A, L] between two offsets: between batch-major tensors and channel-major GEMM operands. With
    /// <paramref name="parallel"/> (a whole batch on one worker) large copies are split over threads.
    /// </summary>
    public static void SwapLeadingAxes(float[] src, int srcOffset, float[] dst, int dstOffset, int a, int b, int l, bool parallel)
    {
        int grain = parallel ? Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, a * l)) : int.MaxValue;
        Parallelism.For(b, grain, (b0, b1) =>
        {
            for (int j = b0; j < b1; j++)
                for (int i = 0; i < a; i++)
                    Array.Copy(src, srcOffset + (i * b + j) * l, dst, dstOffset + (j * a + i) * l, l);
        });
    }
}
