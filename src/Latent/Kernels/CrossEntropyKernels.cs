using System.Numerics.Tensors;

namespace Latent.Kernels;

/// <summary>
/// Softmax cross-entropy of rows of logits against class indices in one pass per row, and its gradient in one pass:
/// no log-probability matrix is stored, gathered from or scattered into. The arithmetic is that of log-softmax
/// followed by picking the target (log pⱼ = (xⱼ − max) − log Σ e^(x − max)), so the values equal the unfused ones.
/// </summary>
internal static class CrossEntropyKernels
{
    /// <summary>
    /// loss[r] = −log p[r, targets[r]] for rows of <paramref name="x"/> [rows, n]; keeps each row's max and
    /// log Σ e^(x − max) for <see cref="Backward"/>.
    /// </summary>
    public static void Forward(float[] x, int rows, int n, int[] targets, float[] loss, float[] max, float[] logSum)
    {
        Parallelism.For(rows, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, n) / 4), (s, e) =>
        {
            var tmp = new float[n];
            for (int r = s; r < e; r++)
            {
                var row = x.AsSpan(r * n, n);
                float m = TensorPrimitives.Max(row);
                if (float.IsNegativeInfinity(m)) m = 0; // an all −∞ row gives NaN like the maths
                TensorPrimitives.Subtract(row, m, tmp);
                float shifted = tmp[targets[r]];
                TensorPrimitives.Exp(tmp, tmp);
                float lse = MathF.Log(ReduceKernels.Sum(tmp));
                max[r] = m;
                logSum[r] = lse;
                loss[r] = -(shifted - lse);
            }
        });
    }

    /// <summary>dx[r, j] = g[r]·(p[r, j] − [j = targets[r]]), with p recomputed from the row statistics of <see cref="Forward"/>.</summary>
    public static void Backward(float[] x, int rows, int n, int[] targets, float[] max, float[] logSum, float[] g, float[] dx)
    {
        Parallelism.For(rows, Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, n) / 4), (s, e) =>
        {
            for (int r = s; r < e; r++)
            {
                var dst = dx.AsSpan(r * n, n);
                TensorPrimitives.Subtract(x.AsSpan(r * n, n), max[r], dst);
                TensorPrimitives.Subtract(dst, logSum[r], dst);
                TensorPrimitives.Exp(dst, dst);
                TensorPrimitives.Multiply(dst, g[r], dst);
                dst[targets[r]] -= g[r];
            }
        });
    }
}
