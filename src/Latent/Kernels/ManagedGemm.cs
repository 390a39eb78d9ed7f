using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Latent.Kernels;

/// <summary>
/// Portable SIMD GEMM used when OpenBLAS is missing: op(B) is packed into 16-column panels, a 4×16 register
/// micro-kernel accumulates with fused multiply-add, and row blocks run in parallel.
/// </summary>
internal static class ManagedGemm
{
    private const int Nr = 16, Mr = 4, RowBlock = 32;

    /// <summary>C = alpha·op(A)·op(B) + beta·C on row-major matrices at the given offsets.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        if (m == 0 || n == 0) return;
        // op(A) as a dense m×k row-major block.
        float[] am;
        int amOff, amLd;
        if (transA)
        {
            am = new float[m * k];
            for (int p = 0; p < k; p++)
                for (int i = 0; i < m; i++) am[i * k + p] = a[aOffset + p * lda + i];
            amOff = 0; amLd = k;
        }
        else { am = a; amOff = aOffset; amLd = lda; }

        int panels = (n + Nr - 1) / Nr;
        var packed = new float[panels * k * Nr];
        for (int jp = 0; jp < panels; jp++)
        {
            int j0 = jp * Nr, width = Math.Min(Nr, n - j0);
            int baseIdx = jp * k * Nr;
            for (int p = 0; p < k; p++)
                for (int jj = 0; jj < width; jj++)
                    packed[baseIdx + p * Nr + jj] = transB ? b[bOffset + (j0 + jj) * ldb + p] : b[bOffset + p * ldb + j0 + jj];
        }

        int blocks = (m + RowBlock - 1) / RowBlock;
        long work = (long)m * n * Math.Max(k, 1);
        Parallelism.For(blocks, work < (1 << 20) ? blocks : 1, (s, e) =>
        {
            Span<float> acc = stackalloc float[Mr * Nr];
            for (int blk = s; blk < e; blk++)
            {
                int i0 = blk * RowBlock, i1 = Math.Min(m, i0 + RowBlock);
                for (int jp = 0; jp < panels; jp++)
                {
                    int j0 = jp * Nr, width = Math.Min(Nr, n - j0);
                    var panel = packed.AsSpan(jp * k * Nr, k * Nr);
                    for (int i = i0; i < i1; i += Mr)
                    {
                        int rows = Math.Min(Mr, i1 - i);
                        Kernel(am, amOff + i * amLd, amLd, rows, panel, k, acc);
                        for (int r = 0; r < rows; r++)
                        {
                            int crow = cOffset + (i + r) * ldc + j0;
                            for (int jj = 0; jj < width; jj++)
                            {
                                float v = alpha * acc[r * Nr + jj];
                                c[crow + jj] = beta == 0 ? v : v + beta * c[crow + jj];
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>acc[r, 0..16) = Σ_p A[r, p] · panel[p, 0..16) for up to four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(float[] a, int aOff, int lda, int rows, ReadOnlySpan<float> panel, int k, Span<float> acc)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        ref float pb = ref MemoryMarshal.GetReference(panel);
        ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
        int r1 = rows > 1 ? lda : 0, r2 = rows > 2 ? 2 * lda : 0, r3 = rows > 3 ? 3 * lda : 0;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref pb, (nuint)(p * Nr));
            var b1 = Vector256.LoadUnsafe(ref pb, (nuint)(p * Nr + 8));
            var a0 = Vector256.Create(Unsafe.Add(ref pa, aOff + p));
            var a1 = Vector256.Create(Unsafe.Add(ref pa, aOff + r1 + p));
            var a2 = Vector256.Create(Unsafe.Add(ref pa, aOff + r2 + p));
            var a3 = Vector256.Create(Unsafe.Add(ref pa, aOff + r3 + p));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
        }
        ref float pc = ref MemoryMarshal.GetReference(acc);
        c00.StoreUnsafe(ref pc, 0); c01.StoreUnsafe(ref pc, 8);
        c10.StoreUnsafe(ref pc, 16); c11.StoreUnsafe(ref pc, 24);
        c20.StoreUnsafe(ref pc, 32); c21.StoreUnsafe(ref pc, 40);
        c30.StoreUnsafe(ref pc, 48); c31.StoreUnsafe(ref pc, 56);
    }
}
