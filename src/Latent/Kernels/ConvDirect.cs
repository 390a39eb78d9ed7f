namespace Latent.Kernels;

/// <summary>
/// Convolutions whose taps each read a shifted block of the image itself — 1-D convolutions with stride 1 (WaveNet's
/// dilated causal layers and its 1×1 layers) and 2-D 1×1 convolutions — run as one product per tap straight on the
/// image's [C, L] block, with no column matrix: y[:, j] = Σₜ Wₜ · x[:, j + t·d − p] over the columns where the shifted
/// index lies inside the image (the rest is zero padding). Each image is its own product, so there is no
/// [O, n, L] ↔ [n, O, L] copy either.
/// </summary>
/// <remarks>
/// Only for planes of at least <see cref="ConvChunks.MinChunkedPlane"/> outputs: smaller planes are better served by
/// im2col's one product over the whole batch. Images are split over workers as in <see cref="ConvChunks"/>, so results
/// do not depend on scheduling.
/// </remarks>
internal static class ConvDirect
{
    [ThreadStatic] private static bool disabled;

    /// <summary>
    /// On the calling thread, whether such convolutions run directly (default true); false sends them through im2col,
    /// for tests and benchmarks comparing the two. Per thread, like <see cref="ConvChunks.ThinByImage"/>.
    /// </summary>
    public static bool Enabled
    {
        get => !disabled;
        set => disabled = !value;
    }

    /// <summary>Whether <paramref name="g"/> runs here.</summary>
    public static bool Applies(in ConvGeometry g) =>
        !disabled && g.Taps is null && g.Groups == 1 && g.StrideH == 1 && g.StrideW == 1 && g.OutPlane >= ConvChunks.MinChunkedPlane
        && (IsLine(g) || IsPointwise(g));

    private static bool IsLine(in ConvGeometry g) => g.H == 1 && g.Kh == 1 && g.PadH == 0;

    private static bool IsPointwise(in ConvGeometry g) => g.Kh == 1 && g.Kw == 1 && g.PadH == 0 && g.PadW == 0;

    /// <summary>The convolution as taps over one line of <see cref="In"/> inputs per channel.</summary>
    private readonly record struct Line(int C, int O, int In, int Out, int K, int Dilation, int Pad)
    {
        public int Shift(int t) => t * Dilation - Pad;

        /// <summary>Output columns [J0, J1) whose tap-<paramref name="t"/> input lies inside the line (J1 ≤ J0: none).</summary>
        public (int J0, int J1) Outputs(int t)
        {
            int s = Shift(t);
            return (Math.Max(0, -s), Math.Min(Out, In - s));
        }
    }

    private static Line LineOf(in ConvGeometry g) => IsLine(g)
        ? new Line(g.C, g.O, g.W, g.Wo, g.Kw, g.DilationW, g.PadW)
        : new Line(g.C, g.O, g.H * g.W, g.OutPlane, 1, 1, 0);

    /// <summary>y [N, O, L'] = conv(x [N, C, L], w) + bias.</summary>
    public static void Forward(float[] x, float[] w, float[]? bias, in ConvGeometry g, float[] y)
    {
        var line = LineOf(g);
        var taps = TapMajor(w, line);
        ConvChunks.Run(g, (_, n0, count, _) =>
        {
            for (int n = n0; n < n0 + count; n++)
            {
                int xo = n * line.C * line.In, yo = n * line.O * line.Out;
                float beta = 1f;
                if (bias is not null)
                    for (int o = 0; o < line.O; o++) y.AsSpan(yo + o * line.Out, line.Out).Fill(bias[o]);
                else beta = ClearOutside(y, yo, line.O, line.Out, line.Outputs(0));
                for (int t = 0; t < line.K; t++, beta = 1f)
                {
                    var (j0, j1) = line.Outputs(t);
                    if (j1 <= j0) continue;
                    Gemm.Run(false, false, line.O, j1 - j0, line.C, 1f, taps, t * line.O * line.C, line.C,
                        x, xo + j0 + line.Shift(t), line.In, beta, y, yo + j0, line.Out);
                }
            }
        });
    }

    /// <summary>The adjoint in the image: x [N, C, L] from gy [N, O, L'], x[:, j + sₜ] += Wₜᵀ · gy[:, j].</summary>
    public static void Transposed(float[] gy, float[] w, in ConvGeometry g, float[] x)
    {
        var line = LineOf(g);
        var taps = TapMajor(w, line);
        ConvChunks.Run(g, (_, n0, count, _) =>
        {
            for (int n = n0; n < n0 + count; n++)
            {
                int xo = n * line.C * line.In, yo = n * line.O * line.Out;
                var (f0, f1) = line.Outputs(0);
                float beta = ClearOutside(x, xo, line.C, line.In, (f0 + line.Shift(0), f1 + line.Shift(0)));
                for (int t = 0; t < line.K; t++, beta = 1f)
                {
                    var (j0, j1) = line.Outputs(t);
                    if (j1 <= j0) continue;
                    Gemm.Run(true, false, line.C, j1 - j0, line.O, 1f, taps, t * line.O * line.C, line.C,
                        gy, yo + j0, line.Out, beta, x, xo + j0 + line.Shift(t), line.In);
                }
            }
        });
    }

    /// <summary>The adjoint in the kernel: gw[o, c, t] = Σₙ Σⱼ gy[n, o, j] x[n, c, j + sₜ]; workers' sums are added in worker order.</summary>
    public static void WeightGrad(float[] x, float[] gy, in ConvGeometry g, float[] gw)
    {
        var line = LineOf(g);
        int size = line.K * line.O * line.C;
        int workers = ConvChunks.Workers(g);
        var sums = new float[workers][];
        for (int k = 0; k < workers; k++)
            sums[k] = k == 0 && line.K == 1 ? gw : GC.AllocateUninitializedArray<float>(size);
        var started = new bool[workers];
        ConvChunks.Run(g, (worker, n0, count, _) =>
        {
            var sum = sums[worker];
            for (int n = n0; n < n0 + count; n++)
            {
                int xo = n * line.C * line.In, yo = n * line.O * line.Out;
                float beta = started[worker] ? 1f : 0f;
                started[worker] = true;
                for (int t = 0; t < line.K; t++)
                {
                    var (j0, j1) = line.Outputs(t);
                    if (j1 <= j0)
                    {
                        if (beta == 0f) sum.AsSpan(t * line.O * line.C, line.O * line.C).Clear();
                        continue;
                    }
                    Gemm.Run(false, true, line.O, line.C, j1 - j0, 1f, gy, yo + j0, line.Out,
                        x, xo + j0 + line.Shift(t), line.In, beta, sum, t * line.O * line.C, line.C);
                }
            }
        });
        for (int k = 1; k < workers; k++)
            System.Numerics.Tensors.TensorPrimitives.Add(sums[0].AsSpan(0, size), sums[k].AsSpan(0, size), sums[0].AsSpan(0, size));
        if (line.K > 1) Interleave(sums[0], line, gw);
    }

    /// <summary>w [O, C, K] as K matrices [O, C] (w itself when K = 1).</summary>
    private static float[] TapMajor(float[] w, in Line line)
    {
        if (line.K == 1) return w;
        int oc = line.O * line.C, k = line.K;
        var taps = GC.AllocateUninitializedArray<float>(k * oc);
        for (int i = 0; i < oc; i++)
            for (int t = 0; t < k; t++) taps[t * oc + i] = w[i * k + t];
        return taps;
    }

    /// <summary>K matrices [O, C] back into the kernel layout [O, C, K].</summary>
    private static void Interleave(float[] taps, in Line line, float[] gw)
    {
        int oc = line.O * line.C, k = line.K;
        for (int i = 0; i < oc; i++)
            for (int t = 0; t < k; t++) gw[i * k + t] = taps[t * oc + i];
    }

    /// <summary>
    /// Zeroes the columns outside [a, b) of the [rows, width] block at <paramref name="offset"/>, so that a first
    /// product over [a, b) can overwrite (β = 0) instead of adding to a cleared block; returns that β (1 when [a, b) is empty).
    /// </summary>
    private static float ClearOutside(float[] block, int offset, int rows, int width, (int A, int B) columns)
    {
        var (a, b) = columns;
        if (b <= a)
        {
            block.AsSpan(offset, rows * width).Clear();
            return 1f;
        }
        if (a > 0 || b < width)
            for (int r = 0; r < rows; r++)
            {
                block.AsSpan(offset + r * width, a).Clear();
                block.AsSpan(offset + r * width + b, width - b).Clear();
            }
        return 0f;
    }
}
