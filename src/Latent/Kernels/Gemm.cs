namespace Latent.Kernels;

/// <summary>Single-precision matrix product: OpenBLAS when it is present, the managed SIMD kernel otherwise.</summary>
internal static class Gemm
{
    /// <summary>Whether products run through OpenBLAS.</summary>
    public static bool UsesOpenBlas => OpenBlas.IsAvailable && !ForceManaged;

    /// <summary>Routes every product through the managed kernel (for tests and benchmarks).</summary>
    public static bool ForceManaged { get; set; }

    /// <summary>C = alpha·op(A)·op(B) + beta·C on row-major matrices at the given offsets.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            for (int i = 0; i < m; i++)
            {
                var row = c.AsSpan(cOffset + i * ldc, n);
                if (beta == 0) row.Clear();
                else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
            return;
        }
        if (UsesOpenBlas)
            OpenBlas.Gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        else
            ManagedGemm.Gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }
}
