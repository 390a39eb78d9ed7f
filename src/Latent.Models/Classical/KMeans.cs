using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>k-means++ seeding (Arthur and Vassilvitskii 2007) and Lloyd's iterations, the start of a Gaussian mixture fit.</summary>
public static class KMeans
{
    /// <summary>
    /// <paramref name="k"/> centres: the first a uniformly drawn point, each next one drawn with probability
    /// proportional to its squared distance from the nearest centre already chosen.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer points than centres.</exception>
    public static double[][] PlusPlusSeeds(IReadOnlyList<double[]> points, int k, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(gen);
        int n = points.Count;
        if (k < 1 || n < k) throw new ArgumentException($"k-means++: {n} points for {k} centres.", nameof(points));
        var centers = new double[k][];
        centers[0] = (double[])points[gen.NextInt(n)].Clone();
        var nearest = new double[n];
        for (int i = 0; i < n; i++) nearest[i] = SquaredDistance(points[i], centers[0]);
        for (int c = 1; c < k; c++)
        {
            double total = nearest.Sum();
            int pick;
            if (total > 0)
            {
                double u = gen.NextDouble() * total, cumulative = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++)
                {
                    cumulative += nearest[i];
                    if (u < cumulative) { pick = i; break; }
                }
            }
            else pick = gen.NextInt(n); // every point coincides with a centre
            centers[c] = (double[])points[pick].Clone();
            for (int i = 0; i < n; i++) nearest[i] = Math.Min(nearest[i], SquaredDistance(points[i], centers[c]));
        }
        return centers;
    }

    /// <summary>
    /// Lloyd's iterations from <paramref name="centers"/> (updated in place): assign each point to its nearest centre,
    /// move each centre to the mean of its points (an empty cluster keeps its centre), until no assignment changes.
    /// </summary>
    /// <returns>The cluster of each point.</returns>
    public static int[] Lloyd(IReadOnlyList<double[]> points, double[][] centers, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(centers);
        int n = points.Count, k = centers.Length, d = centers[0].Length;
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                int arg = Nearest(points[i], centers);
                if (arg != assignment[i]) { assignment[i] = arg; changed = true; }
            }
            if (!changed) break;
            var sums = new double[k, d];
            var counts = new int[k];
            for (int i = 0; i < n; i++)
            {
                counts[assignment[i]]++;
                for (int j = 0; j < d; j++) sums[assignment[i], j] += points[i][j];
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0)
                    for (int j = 0; j < d; j++) centers[c][j] = sums[c, j] / counts[c];
        }
        return assignment;
    }

    /// <summary>The index of the centre nearest to <paramref name="x"/> (the first on ties).</summary>
    public static int Nearest(double[] x, double[][] centers)
    {
        ArgumentNullException.ThrowIfNull(centers);
        int arg = 0;
        double best = double.PositiveInfinity;
        for (int c = 0; c < centers.Length; c++)
        {
            double dist = SquaredDistance(x, centers[c]);
            if (dist < best) { best = dist; arg = c; }
        }
        return arg;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}
