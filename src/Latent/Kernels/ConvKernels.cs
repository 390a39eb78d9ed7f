namespace Latent.Kernels;

/// <summary>
/// Convolution as im2col + GEMM over the whole batch. The column matrix has rows (c, i, j) and columns (n, oh, ow), so
/// one GEMM per group covers every image: Y[o, (n, l)] = W[o, (c, i, j)] · cols[(c, i, j), (n, l)].
/// </summary>
internal static partial class ConvKernels
{
    /// <summary>
    /// True when the kernel covers the whole unpadded image and the output is a single pixel: the convolution is then a
    /// plain matrix product over the flattened image, with no column matrix and no layout change.
    /// </summary>
    private static bool IsDense(in ConvGeometry g) =>
        g.Ho == 1 && g.Wo == 1 && g.H == g.Kh && g.W == g.Kw && g.PadH == 0 && g.PadW == 0 && g.Groups == 1;

    /// <summary>y[n, o, l] = Σ W[o, r] cols[r, (n, l)] per group; y is [N, O, Ho·Wo].</summary>
    public static void Forward(float[] x, float[] w, in ConvGeometry g, float[] y)
    {
        if (IsDense(g))
        {
            Gemm.Run(false, true, g.N, g.O, g.ColRows, 1f, x, 0, g.ColRows, w, 0, g.ColRows, 0f, y, 0, g.O);
            return;
        }
        int nl = g.N * g.OutPlane;
        var cols = Scratch.Get(0, g.ColRows * nl);
        Im2Col(x, g, cols);
        var ycm = Scratch.Get(1, g.O * nl);
        int og = g.O / g.Groups, rg = g.ColRows / g.Groups;
        for (int grp = 0; grp < g.Groups; grp++)
            Gemm.Run(false, false, og, nl, rg, 1f, w, grp * og * rg, rg, cols, grp * rg * nl, nl, 0f, ycm, grp * og * nl, nl);
        SwapLeadingAxes(ycm, y, g.O, g.N, g.OutPlane); // [O, N, L] → [N, O, L]
    }

    /// <summary>The adjoint in the image: x[n, c, h, w] from gy [N, O, Ho·Wo] through Wᵀ and col2im.</summary>
    public static void Transposed(float[] gy, float[] w, in ConvGeometry g, float[] x)
    {
        if (IsDense(g))
        {
            Gemm.Run(false, false, g.N, g.ColRows, g.O, 1f, gy, 0, g.O, w, 0, g.ColRows, 0f, x, 0, g.ColRows);
            return;
        }
        int nl = g.N * g.OutPlane;
        var gcm = Scratch.Get(1, g.O * nl);
        SwapLeadingAxes(gy, gcm, g.N, g.O, g.OutPlane); // [N, O, L] → [O, N, L]
        var cols = Scratch.Get(0, g.ColRows * nl);
        int og = g.O / g.Groups, rg = g.ColRows / g.Groups;
        for (int grp = 0; grp < g.Groups; grp++)
            Gemm.Run(true, false, rg, nl, og, 1f, w, grp * og * rg, rg, gcm, grp * og * nl, nl, 0f, cols, grp * rg * nl, nl);
        Col2Im(cols, g, x);
    }

    /// <summary>The adjoint in the kernel: gw[o, r] = Σ_(n,l) gy[n, o, l] cols[r, (n, l)] per group.</summary>
    public static void WeightGrad(float[] x, float[] gy, in ConvGeometry g, float[] gw)
    {
        if (IsDense(g))
        {
            Gemm.Run(true, false, g.O, g.ColRows, g.N, 1f, gy, 0, g.O, x, 0, g.ColRows, 0f, gw, 0, g.ColRows);
            return;
        }
        int nl = g.N * g.OutPlane;
        var cols = Scratch.Get(0, g.ColRows * nl);
        Im2Col(x, g, cols);
        var gcm = Scratch.Get(1, g.O * nl);
        SwapLeadingAxes(gy, gcm, g.N, g.O, g.OutPlane); // [N, O, L] → [O, N, L]
        int og = g.O / g.Groups, rg = g.ColRows / g.Groups;
        for (int grp = 0; grp < g.Groups; grp++)
            Gemm.Run(false, true, og, rg, nl, 1f, gcm, grp * og * nl, nl, cols, grp * rg * nl, nl, 0f, gw, grp * og * rg, rg);
    }

    /// <summary>[A, B, L] → [B, A, L]: between the batch-major tensors and the channel-major GEMM operands.</summary>
    public static void SwapLeadingAxes(float[] src, float[] dst, int a, int b, int l)
    {
        Parallelism.For(b, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, a * l)), (b0, b1) =>
        {
            for (int j = b0; j < b1; j++)
                for (int i = 0; i < a; i++)
                    Array.Copy(src, (i * b + j) * l, dst, (j * a + i) * l, l);
        });
    }
}
