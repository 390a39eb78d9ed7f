namespace Latent.Kernels;

/// <summary>Single-precision matrix product: OpenBLAS when it is present, the managed SIMD kernel otherwise.</summary>
internal static class Gemm
{
    /// <summary>Whether products run through OpenBLAS.</summary>
    public static bool UsesOpenBlas => OpenBlas.IsAvailable && !ForceManaged;

    /// <summary>
    /// Routes the calling thread's products through the managed kernel (for tests and benchmarks). Per thread, so a
    /// test comparing the two kernels cannot change the arithmetic of anything running beside it.
    /// </summary>
    public static bool ForceManaged
    {
        get => forceManaged;
        set => forceManaged = value;
    }

    [ThreadStatic] private static bool forceManaged;

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
        if (UsesOpenBlas && (m == 1 || n == 1) && OpenBlas.HasGemv)
            MatrixVector(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        else if (UsesOpenBlas)
            OpenBlas.Gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        else
            ManagedGemm.Gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    // A product with a single output row or column is a matrix-vector product; sgemm runs its full packing machinery
    // for it (3–6 GFLOPS on the DCGAN discriminator's 6272→1 head), sgemv streams the matrix once.
    private static void MatrixVector(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        if (n == 1)
        {
            // c[i] = Σ_p op(A)[i, p]·op(B)[p, 0]; op(B)'s column is B's row 0 (transposed) or column 0.
            int incB = transB ? 1 : ldb;
            if (transA) OpenBlas.Gemv(true, k, m, alpha, a, aOffset, lda, b, bOffset, incB, beta, c, cOffset, ldc, m);
            else OpenBlas.Gemv(false, m, k, alpha, a, aOffset, lda, b, bOffset, incB, beta, c, cOffset, ldc, m);
            return;
        }
        // m = 1: c[j] = Σ_p op(A)[0, p]·op(B)[p, j], i.e. op(B)ᵀ times op(A)'s only row.
        int incA = transA ? lda : 1;
        if (transB) OpenBlas.Gemv(false, n, k, alpha, b, bOffset, ldb, a, aOffset, incA, beta, c, cOffset, 1, n);
        else OpenBlas.Gemv(true, k, n, alpha, b, bOffset, ldb, a, aOffset, incA, beta, c, cOffset, 1, n);
    }
}
