using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Kernels;

public class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 5, 7, 3 }, { 1, 9, 4 }, { 6, 1, 5 }, { 1, 1, 8 }, { 7, 6, 1 }, { 1, 5, 1 }, { 33, 40, 17 },
    };

    /// <summary>
    /// Every transpose combination at offsets inside larger buffers with padded leading dimensions; with beta = 0 the
    /// output starts as NaN (it must be ignored), otherwise it is accumulated into.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesNaiveProductForEveryLayout(int m, int n, int k)
    {
        var gen = new Generator((ulong)(m * 1000 + n * 10 + k));
        foreach (bool managed in new[] { false, true })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    foreach (float beta in new[] { 0f, 0.5f })
                    {
                        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
                        int lda = aCols + 2, ldb = bCols + 3, ldc = n + 1, aOff = 3, bOff = 5, cOff = 2;
                        var a = Tensor.Randn([aOff + aRows * lda], gen).ToArray();
                        var b = Tensor.Randn([bOff + bRows * ldb], gen).ToArray();
                        var c = Tensor.Randn([cOff + m * ldc], gen).ToArray();
                        if (beta == 0) Array.Fill(c, float.NaN);
                        var before = (float[])c.Clone();
                        Gemm.ForceManaged = managed;
                        try { Gemm.Run(ta, tb, m, n, k, 1.5f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc); }
                        finally { Gemm.ForceManaged = false; }
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++)
                            {
                                double sum = 0;
                                for (int p = 0; p < k; p++)
                                    sum += (double)a[aOff + (ta ? p * lda + i : i * lda + p)] * b[bOff + (tb ? j * ldb + p : p * ldb + j)];
                                double expected = 1.5 * sum + (beta == 0 ? 0 : beta * before[cOff + i * ldc + j]);
                                Close.Assert(expected, c[cOff + i * ldc + j], atol: 1e-4, rtol: 1e-4,
                                    what: $"C[{i},{j}] of {m}×{n}×{k} transA={ta} transB={tb} beta={beta} managed={managed}");
                            }
                        // Padding between rows of C is never written.
                        for (int i = 0; i < m; i++)
                            for (int j = n; j < ldc && cOff + i * ldc + j < c.Length; j++)
                                Assert.Equal(before[cOff + i * ldc + j], c[cOff + i * ldc + j]);
                    }
    }
}
