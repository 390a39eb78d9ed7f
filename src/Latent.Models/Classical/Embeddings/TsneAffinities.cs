namespace Latent.Models.Classical.Embeddings;

/// <summary>
/// The input similarities of t-SNE: for each point a Gaussian kernel p(j | i) ∝ exp(−βᵢ·|xᵢ − xⱼ|²) whose precision βᵢ
/// is found by binary search so that the entropy of p(· | i) is log(perplexity) nats, then the symmetric joint
/// pᵢⱼ = (p(j | i) + p(i | j)) / 2N. Exact over all pairs, or sparse over the ⌊3·perplexity⌋ nearest neighbours
/// (Barnes–Hut t-SNE, van der Maaten 2014).
/// </summary>
public static class TsneAffinities
{
    /// <summary>The conditional distribution over <paramref name="squaredDistances"/> with entropy log(perplexity): written into <paramref name="p"/>.</summary>
    /// <returns>The precision β found.</returns>
    public static double Calibrate(ReadOnlySpan<double> squaredDistances, double perplexity, Span<double> p)
    {
        double target = Math.Log(perplexity);
        double beta = 1, lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        double min = double.PositiveInfinity;
        foreach (double d in squaredDistances) min = Math.Min(min, d);
        for (int iteration = 0; iteration < 200; iteration++)
        {
            // Shifting by the smallest distance keeps exp from underflowing; it cancels in the normalization.
            double sum = 0, weighted = 0;
            for (int j = 0; j < p.Length; j++)
            {
                p[j] = Math.Exp(-beta * (squaredDistances[j] - min));
                sum += p[j];
                weighted += p[j] * (squaredDistances[j] - min);
            }
            double entropy = Math.Log(sum) + beta * weighted / sum;
            for (int j = 0; j < p.Length; j++) p[j] /= sum;
            double gap = entropy - target;
            if (Math.Abs(gap) < 1e-10) break;
            if (gap > 0)
            {
                lo = beta;
                beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2;
            }
            else
            {
                hi = beta;
                beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2;
            }
        }
        return beta;
    }

    /// <summary>The exact joint P (N × N, zero diagonal, summing to 1).</summary>
    /// <exception cref="ArgumentException">The perplexity is not in (1, N − 1).</exception>
    public static double[,] Exact(IReadOnlyList<double[]> rows, double perplexity)
    {
        Distances.RequireRows(rows);
        int n = rows.Count;
        RequirePerplexity(perplexity, n);
        var d2 = Distances.SquaredMatrix(rows);
        var conditional = new double[n, n];
        Parallel.For(0, n, i =>
        {
            var d = new double[n - 1];
            var p = new double[n - 1];
            for (int j = 0, c = 0; j < n; j++)
                if (j != i) d[c++] = d2[i, j];
            Calibrate(d, perplexity, p);
            for (int j = 0, c = 0; j < n; j++)
                if (j != i) conditional[i, j] = p[c++];
        });
        var joint = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) joint[i, j] = (conditional[i, j] + conditional[j, i]) / (2.0 * n);
        return joint;
    }

    /// <summary>
    /// The sparse joint P over each point's ⌊3·perplexity + 1⌋ nearest neighbours, symmetrized and normalized to sum
    /// to 1, as rows of (column, value) pairs sorted by column.
    /// </summary>
    /// <exception cref="ArgumentException">The perplexity is not in (1, N − 1).</exception>
    public static SparseRows Sparse(IReadOnlyList<double[]> rows, double perplexity)
    {
        Distances.RequireRows(rows);
        int n = rows.Count;
        RequirePerplexity(perplexity, n);
        int k = Math.Min(n - 1, (int)(3 * perplexity + 1));
        var (neighbours, d2) = Distances.Nearest(rows, k);
        var conditional = new double[n][];
        Parallel.For(0, n, i =>
        {
            conditional[i] = new double[k];
            Calibrate(d2[i], perplexity, conditional[i]);
        });
        var entries = new Dictionary<int, double>[n];
        for (int i = 0; i < n; i++) entries[i] = new Dictionary<int, double>(2 * k);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
            {
                int j = neighbours[i][c];
                double v = conditional[i][c];
                entries[i][j] = entries[i].GetValueOrDefault(j) + v;
                entries[j][i] = entries[j].GetValueOrDefault(i) + v;
            }
        double total = entries.Sum(e => e.Values.Sum());
        var columns = new int[n][];
        var values = new double[n][];
        for (int i = 0; i < n; i++)
        {
            columns[i] = entries[i].Keys.Order().ToArray();
            values[i] = columns[i].Select(j => entries[i][j] / total).ToArray();
        }
        return new SparseRows(columns, values);
    }

    private static void RequirePerplexity(double perplexity, int n)
    {
        if (!(perplexity > 1) || perplexity >= n - 1)
            throw new ArgumentException($"t-SNE: perplexity {perplexity} must lie in (1, {n - 1}) for {n} points (it is the effective number of neighbours).", nameof(perplexity));
    }
}

/// <summary>A sparse symmetric matrix as rows of (column, value) pairs.</summary>
/// <param name="Columns">The columns of each row's entries, ascending.</param>
/// <param name="Values">The values, aligned with <paramref name="Columns"/>.</param>
public sealed record SparseRows(int[][] Columns, double[][] Values)
{
    /// <summary>The number of rows.</summary>
    public int Count => Columns.Length;
}
