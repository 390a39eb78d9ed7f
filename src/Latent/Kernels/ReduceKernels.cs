using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Latent.Kernels;

/// <summary>
/// Reductions over a tensor viewed as [outer, reduced, inner]. Summation order depends only on the sizes (never on
/// memory alignment or thread scheduling), so results are bit-identical from run to run.
/// </summary>
internal static class ReduceKernels
{
    private const int FullSumChunk = 1 << 15;

    /// <summary>Sum of a span in a fixed order: four 8-lane accumulators, then a fixed tree, then the tail.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        ref float p = ref MemoryMarshal.GetReference(x);
        float total = 0;
        if (Vector256.IsHardwareAccelerated && n >= 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 += Vector256.LoadUnsafe(ref p, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref p, (nuint)(i + 8));
                a2 += Vector256.LoadUnsafe(ref p, (nuint)(i + 16));
                a3 += Vector256.LoadUnsafe(ref p, (nuint)(i + 24));
            }
            total = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) total += Unsafe.Add(ref p, i);
        return total;
    }

    /// <summary>Sum of all elements: fixed-size chunks summed in parallel, partials combined in order in double.</summary>
    public static float SumAll(float[] x)
    {
        int chunks = (x.Length + FullSumChunk - 1) / FullSumChunk;
        if (chunks <= 1) return Sum(x);
        var partial = new double[chunks];
        Parallelism.For(chunks, 4, (s, e) =>
        {
            for (int c = s; c < e; c++)
                partial[c] = Sum(x.AsSpan(c * FullSumChunk, Math.Min(FullSumChunk, x.Length - c * FullSumChunk)));
        });
        double total = 0;
        foreach (double v in partial) total += v;
        return (float)total;
    }

    /// <summary>y[o, i] = Σ_r x[o, r, i].</summary>
    public static void Sum(float[] x, float[] y, int outer, int reduced, int inner)
    {
        if (inner == 1)
        {
            Parallelism.For(outer, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, reduced)), (s, e) =>
            {
                for (int o = s; o < e; o++) y[o] = Sum(x.AsSpan(o * reduced, reduced));
            });
            return;
        }
        // Parallel over inner columns when there is a single outer block (e.g. bias gradients), else over outer blocks.
        if (outer == 1)
        {
            Parallelism.For(inner, Math.Max(64, Parallelism.ElementwiseGrain / Math.Max(1, reduced)), (s, e) =>
                SumColumns(x, y, 0, reduced, inner, s, e));
            return;
        }
        Parallelism.For(outer, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, reduced * inner)), (s, e) =>
        {
            for (int o = s; o < e; o++) SumColumns(x, y, o, reduced, inner, 0, inner);
        });
    }

    private static void SumColumns(float[] x, float[] y, int o, int reduced, int inner, int c0, int c1)
    {
        int len = c1 - c0;
        var dst = y.AsSpan(o * inner + c0, len);
        int baseIndex = o * reduced * inner + c0;
        x.AsSpan(baseIndex, len).CopyTo(dst);
        for (int r = 1; r < reduced; r++) TensorPrimitives.Add(dst, x.AsSpan(baseIndex + r * inner, len), dst);
    }

    /// <summary>y[o, i] = max_r (or min_r) x[o, r, i]; NaN propagates. Optionally the first index attaining it.</summary>
    public static void MaxMin(float[] x, float[] y, float[]? indices, int outer, int reduced, int inner, bool max)
    {
        Parallelism.For(outer * inner, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, reduced)), (s, e) =>
        {
            for (int k = s; k < e; k++)
            {
                int o = k / inner, i = k % inner;
                int b = o * reduced * inner + i;
                float best = x[b];
                int bestIndex = 0;
                for (int r = 1; r < reduced && !float.IsNaN(best); r++)
                {
                    float v = x[b + r * inner];
                    if (float.IsNaN(v) || (max ? v > best : v < best)) { best = v; bestIndex = r; }
                }
                y[k] = best;
                if (indices != null) indices[k] = bestIndex;
            }
        });
    }

    /// <summary>Softmax (or log-softmax) of each row of length <paramref name="n"/>.</summary>
    public static void SoftmaxRows(float[] x, float[] y, int rows, int n, bool log)
    {
        Parallelism.For(rows, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, n) / 4), (s, e) =>
        {
            var tmp = log ? new float[n] : [];
            for (int r = s; r < e; r++)
            {
                var src = x.AsSpan(r * n, n);
                var dst = y.AsSpan(r * n, n);
                float m = TensorPrimitives.Max(src);
                if (float.IsNegativeInfinity(m)) m = 0; // an all −∞ row gives NaN like the maths, not a crash
                TensorPrimitives.Subtract(src, m, dst);
                if (log)
                {
                    TensorPrimitives.Exp(dst, tmp);
                    float lse = MathF.Log(Sum(tmp));
                    TensorPrimitives.Subtract(dst, lse, dst);
                }
                else
                {
                    TensorPrimitives.Exp(dst, dst);
                    TensorPrimitives.Multiply(dst, 1f / Sum(dst), dst);
                }
            }
        });
    }
}
