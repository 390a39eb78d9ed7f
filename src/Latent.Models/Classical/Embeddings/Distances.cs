namespace Latent.Models.Classical.Embeddings;

/// <summary>Pairwise Euclidean geometry of rows in double precision: squared distances and nearest neighbours, computed in parallel per row (deterministic).</summary>
public static class Distances
{
    /// <summary>|a − b|² of two rows of equal length.</summary>
    public static double Squared(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double t = a[k] - b[k];
            s += t * t;
        }
        return s;
    }

    /// <summary>The full matrix of squared distances |xᵢ − xⱼ|² (N × N, zero diagonal).</summary>
    /// <exception cref="ArgumentException">No rows, or rows of different lengths.</exception>
    public static double[,] SquaredMatrix(IReadOnlyList<double[]> rows)
    {
        RequireRows(rows);
        int n = rows.Count;
        var d = new double[n, n];
        Parallel.For(0, n, i =>
        {
            for (int j = 0; j < n; j++) d[i, j] = i == j ? 0 : Squared(rows[i], rows[j]);
        });
        return d;
    }

    /// <summary>The <paramref name="k"/> nearest other rows of every row, nearest first, with their squared distances.</summary>
    /// <exception cref="ArgumentException">k is not in 1 … N − 1.</exception>
    public static (int[][] Indices, double[][] SquaredDistances) Nearest(IReadOnlyList<double[]> rows, int k)
    {
        RequireRows(rows);
        int n = rows.Count;
        if (k < 1 || k >= n) throw new ArgumentException($"Nearest neighbours: k = {k} must be in 1 … {n - 1} for {n} rows.", nameof(k));
        var indices = new int[n][];
        var distances = new double[n][];
        Parallel.For(0, n, i =>
        {
            var best = new int[k];
            var bestD = new double[k];
            int filled = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dj = Squared(rows[i], rows[j]);
                if (filled == k && dj >= bestD[k - 1]) continue;
                int p = filled < k ? filled++ : k - 1;
                while (p > 0 && bestD[p - 1] > dj)
                {
                    best[p] = best[p - 1];
                    bestD[p] = bestD[p - 1];
                    p--;
                }
                best[p] = j;
                bestD[p] = dj;
            }
            indices[i] = best;
            distances[i] = bestD;
        });
        return (indices, distances);
    }

    internal static void RequireRows(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("Embedding: no rows.", nameof(rows));
        int d = rows[0].Length;
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d) throw new ArgumentException($"Embedding: row {i} has {rows[i].Length} values, row 0 has {d}.", nameof(rows));
            foreach (double v in rows[i])
                if (!double.IsFinite(v)) throw new ArgumentException($"Embedding: row {i} holds {v}.", nameof(rows));
        }
    }
}
