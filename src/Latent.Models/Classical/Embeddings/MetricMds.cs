namespace Latent.Models.Classical.Embeddings;

/// <summary>The result of <see cref="MetricMds.Fit"/>.</summary>
/// <param name="Embedding">The coordinates.</param>
/// <param name="Stress">The raw stress Σ_{i&lt;j} (|yᵢ − yⱼ| − δᵢⱼ)² of the coordinates the last iteration started from (as scikit-learn reports it).</param>
/// <param name="Iterations">Guttman transforms applied.</param>
public sealed record MdsResult(double[][] Embedding, double Stress, int Iterations);

/// <summary>
/// Metric multidimensional scaling by SMACOF (de Leeuw 1977): each step is the Guttman transform
/// Y ← (1/N)·B(Y)·Y with B(Y)ᵢⱼ = −δᵢⱼ/dᵢⱼ(Y) (i ≠ j) and Bᵢᵢ = −Σⱼ Bᵢⱼ, which never raises the stress
/// Σ_{i&lt;j}(dᵢⱼ(Y) − δᵢⱼ)². Started from classical MDS unless a start is given; stops as scikit-learn's
/// <c>smacof</c> does, when the stress per unit of embedding norm drops by less than the tolerance.
/// </summary>
public static class MetricMds
{
    /// <summary>Fits coordinates to the dissimilarities <paramref name="distances"/>.</summary>
    /// <exception cref="ArgumentException">The matrix is not a distance matrix, or the start has the wrong size.</exception>
    public static MdsResult Fit(double[,] distances, int dimensions = 2, double[][]? start = null, int maxIterations = 300, double tolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ClassicalMds.RequireDistances(distances);
        int n = distances.GetLength(0);
        var y = start?.Select(r => (double[])r.Clone()).ToArray() ?? ClassicalMds.Embed(distances, dimensions);
        if (y.Length != n || y.Any(r => r.Length != y[0].Length))
            throw new ArgumentException($"MDS: the start has {y.Length} rows for {n} points.", nameof(start));
        int k = y[0].Length;
        double? previous = null;
        double stress = 0;
        int iterations = 0;
        var next = new double[n][];
        for (int i = 0; i < n; i++) next[i] = new double[k];
        for (; iterations < maxIterations; iterations++)
        {
            stress = Stress(distances, y);
            var current = y;
            Parallel.For(0, n, i =>
            {
                var row = next[i];
                Array.Clear(row);
                double diagonal = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double d = Math.Sqrt(Distances.Squared(current[i], current[j]));
                    double ratio = distances[i, j] / (d == 0 ? 1e-5 : d);
                    diagonal += ratio;
                    for (int c = 0; c < k; c++) row[c] -= ratio * current[j][c];
                }
                for (int c = 0; c < k; c++) row[c] = (row[c] + diagonal * current[i][c]) / n;
            });
            (y, next) = (next, y);
            double norm = y.Sum(r => Math.Sqrt(r.Sum(v => v * v)));
            if (previous is double old && old - stress / norm < tolerance)
            {
                iterations++;
                break;
            }
            previous = stress / norm;
        }
        return new MdsResult(y, stress, iterations);
    }

    /// <summary>The raw stress Σ_{i&lt;j}(|yᵢ − yⱼ| − δᵢⱼ)².</summary>
    public static double Stress(double[,] distances, IReadOnlyList<double[]> y)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(y);
        double s = 0;
        for (int i = 0; i < y.Count; i++)
            for (int j = i + 1; j < y.Count; j++)
            {
                double t = Math.Sqrt(Distances.Squared(y[i], y[j])) - distances[i, j];
                s += t * t;
            }
        return s;
    }
}
