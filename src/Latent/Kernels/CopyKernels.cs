namespace Latent.Kernels;

/// <summary>Data movement between row-major arrays: permutations and box copies.</summary>
internal static class CopyKernels
{
    /// <summary>y = x with its axes permuted: y's axis i is x's axis perm[i].</summary>
    public static void Permute(float[] x, int[] shape, int[] perm, float[] y)
    {
        int rank = shape.Length;
        var inStrides = Strides(shape);
        var os = new int[rank];
        var st = new int[rank];
        for (int i = 0; i < rank; i++) { os[i] = shape[perm[i]]; st[i] = inStrides[perm[i]]; }
        if (rank == 2 || (rank >= 2 && IsBatchedTranspose(perm)))
        {
            int rows = os[rank - 2], cols = os[rank - 1];
            int batch = y.Length / Math.Max(1, rows * cols);
            Parallelism.For(batch, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, rows * cols)), (s, e) =>
            {
                for (int b = s; b < e; b++) Transpose(x, b * rows * cols, y, b * rows * cols, cols, rows);
            });
            return;
        }
        int inner = os[rank - 1], innerStride = st[rank - 1];
        int outer = y.Length / Math.Max(1, inner);
        Parallelism.For(outer, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, inner)), (start, end) =>
        {
            var idx = new int[rank];
            int rem = start, off = 0;
            for (int d = rank - 2; d >= 0; d--) { idx[d] = rem % os[d]; rem /= os[d]; off += idx[d] * st[d]; }
            for (int r = start; r < end; r++)
            {
                int o = r * inner;
                if (innerStride == 1) Array.Copy(x, off, y, o, inner);
                else for (int j = 0, p = off; j < inner; j++, p += innerStride) y[o + j] = x[p];
                for (int d = rank - 2; d >= 0; d--)
                {
                    off += st[d];
                    if (++idx[d] < os[d]) break;
                    off -= st[d] * os[d];
                    idx[d] = 0;
                }
            }
        });
    }

    private static bool IsBatchedTranspose(int[] perm)
    {
        int r = perm.Length;
        for (int i = 0; i < r - 2; i++) if (perm[i] != i) return false;
        return perm[r - 2] == r - 1 && perm[r - 1] == r - 2;
    }

    /// <summary>Cache-blocked transpose of a rows×cols block at <paramref name="xo"/> into a cols×rows block at <paramref name="yo"/>.</summary>
    private static void Transpose(float[] x, int xo, float[] y, int yo, int rows, int cols)
    {
        const int B = 32;
        for (int i0 = 0; i0 < rows; i0 += B)
            for (int j0 = 0; j0 < cols; j0 += B)
            {
                int i1 = Math.Min(rows, i0 + B), j1 = Math.Min(cols, j0 + B);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        y[yo + j * rows + i] = x[xo + i * cols + j];
            }
    }

    /// <summary>Copies a box of shape <paramref name="box"/> from src (at srcOffset) into dst (at dstOffset).</summary>
    public static void CopyBox(float[] src, int[] srcShape, int[] srcOffset, float[] dst, int[] dstShape, int[] dstOffset, int[] box)
    {
        int rank = box.Length;
        if (rank == 0) { dst[0] = src[0]; return; }
        var ss = Strides(srcShape);
        var ds = Strides(dstShape);
        int inner = box[rank - 1];
        int outer = 1;
        for (int d = 0; d < rank - 1; d++) outer *= box[d];
        if (inner == 0 || outer == 0) return;
        int s0 = 0, d0 = 0;
        for (int d = 0; d < rank; d++) { s0 += srcOffset[d] * ss[d]; d0 += dstOffset[d] * ds[d]; }
        Parallelism.For(outer, Math.Max(1, Parallelism.ElementwiseGrain / inner), (start, end) =>
        {
            var idx = new int[rank];
            int rem = start, so = s0, dof = d0;
            for (int d = rank - 2; d >= 0; d--) { idx[d] = rem % box[d]; rem /= box[d]; so += idx[d] * ss[d]; dof += idx[d] * ds[d]; }
            for (int r = start; r < end; r++)
            {
                Array.Copy(src, so, dst, dof, inner);
                for (int d = rank - 2; d >= 0; d--)
                {
                    so += ss[d];
                    dof += ds[d];
                    if (++idx[d] < box[d]) break;
                    so -= ss[d] * box[d];
                    dof -= ds[d] * box[d];
                    idx[d] = 0;
                }
            }
        });
    }

    /// <summary>Row-major strides of a contiguous tensor of <paramref name="shape"/>.</summary>
    public static int[] Strides(int[] shape)
    {
        var s = new int[shape.Length];
        for (int i = shape.Length - 1, p = 1; i >= 0; i--) { s[i] = p; p *= shape[i]; }
        return s;
    }
}
