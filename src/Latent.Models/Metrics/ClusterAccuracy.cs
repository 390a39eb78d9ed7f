namespace Latent.Models.Metrics;

/// <summary>
/// Unsupervised cluster accuracy: the share of examples whose cluster, mapped to a class by the one-to-one matching of
/// clusters to classes that agrees with the most labels (found exactly by the Hungarian algorithm), is their class.
/// A clustering that equals the labels up to renaming scores 1; random clusters score about 1 / classes.
/// </summary>
public static class ClusterAccuracy
{
    /// <summary>The accuracy of <paramref name="clusters"/> against <paramref name="labels"/> under the best matching.</summary>
    /// <param name="clusters">A cluster index per example, in [0, <paramref name="count"/>).</param>
    /// <param name="labels">The true class per example, in [0, <paramref name="count"/>).</param>
    /// <param name="count">The number of clusters and of classes.</param>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, or hold a value outside [0, count).</exception>
    public static double Compute(int[] clusters, int[] labels, int count)
    {
        var counts = Contingency(clusters, labels, count);
        var match = BestMatching(counts);
        long agree = 0;
        for (int c = 0; c < count; c++) agree += counts[c, match[c]];
        return agree / (double)clusters.Length;
    }

    /// <summary>counts[c, k]: how many examples of class k fell into cluster c.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, or hold a value outside [0, count).</exception>
    public static long[,] Contingency(int[] clusters, int[] labels, int count)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(labels);
        if (count < 1) throw new ArgumentException($"ClusterAccuracy: count must be positive, got {count}.", nameof(count));
        if (clusters.Length != labels.Length || clusters.Length == 0)
            throw new ArgumentException($"ClusterAccuracy: {clusters.Length} cluster indices for {labels.Length} labels; expected one per example and at least one.");
        var counts = new long[count, count];
        for (int i = 0; i < clusters.Length; i++)
        {
            if ((uint)clusters[i] >= count || (uint)labels[i] >= count)
                throw new ArgumentException($"ClusterAccuracy: example {i} has cluster {clusters[i]} and label {labels[i]}; both must be in [0, {count}).");
            counts[clusters[i], labels[i]]++;
        }
        return counts;
    }

    /// <summary>
    /// The one-to-one assignment of rows to columns of a square matrix with the largest total (Hungarian algorithm,
    /// O(n³)): result[row] is the row's column.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static int[] BestMatching(long[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int n = weights.GetLength(0);
        if (weights.GetLength(1) != n) throw new ArgumentException($"ClusterAccuracy: the matrix is {n}×{weights.GetLength(1)}, not square.", nameof(weights));
        // Minimize the cost −weight with row and column potentials u, v (1-based, column 0 is a sentinel).
        var u = new double[n + 1];
        var v = new double[n + 1];
        var rowOf = new int[n + 1];
        var way = new int[n + 1];
        for (int row = 1; row <= n; row++)
        {
            rowOf[0] = row;
            int col0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[col0] = true;
                int r = rowOf[col0], next = 0;
                double delta = double.PositiveInfinity;
                for (int col = 1; col <= n; col++)
                {
                    if (used[col]) continue;
                    double reduced = -weights[r - 1, col - 1] - u[r] - v[col];
                    if (reduced < minv[col]) { minv[col] = reduced; way[col] = col0; }
                    if (minv[col] < delta) { delta = minv[col]; next = col; }
                }
                for (int col = 0; col <= n; col++)
                {
                    if (used[col]) { u[rowOf[col]] += delta; v[col] -= delta; }
                    else minv[col] -= delta;
                }
                col0 = next;
            } while (rowOf[col0] != 0);
            do
            {
                int prev = way[col0];
                rowOf[col0] = rowOf[prev];
                col0 = prev;
            } while (col0 != 0);
        }
        var result = new int[n];
        for (int col = 1; col <= n; col++) result[rowOf[col] - 1] = col - 1;
        return result;
    }
}
