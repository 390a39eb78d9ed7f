using Latent.Linalg;

namespace Latent.Models.Classical.Embeddings;

/// <summary>
/// Classical (Torgerson) multidimensional scaling: the double-centred Gram matrix B = −½·J·D⁽²⁾·J of squared
/// distances (J = I − 11ᵀ/N) and its top eigenvectors scaled by √λ. For distances between points of a k-dimensional
/// Euclidean space the k-dimensional embedding reproduces every distance exactly.
/// </summary>
public static class ClassicalMds
{
    /// <summary>Coordinates in <paramref name="dimensions"/> dimensions for the distance matrix <paramref name="distances"/> (N × N, symmetric).</summary>
    /// <exception cref="ArgumentException">The matrix is not square, not symmetric, or has a negative or non-finite entry.</exception>
    public static double[][] Embed(double[,] distances, int dimensions = 2)
    {
        ArgumentNullException.ThrowIfNull(distances);
        int n = distances.GetLength(0);
        RequireDistances(distances);
        if (dimensions < 1 || dimensions > n) throw new ArgumentException($"MDS: dimensions = {dimensions} must be in 1 … {n}.", nameof(dimensions));
        var b = new double[n, n];
        var rowMean = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) rowMean[i] += distances[i, j] * distances[i, j];
            total += rowMean[i];
            rowMean[i] /= n;
        }
        total /= (double)n * n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) b[i, j] = -0.5 * (distances[i, j] * distances[i, j] - rowMean[i] - rowMean[j] + total);
        var eig = SymmetricEigen.Decompose(b);
        var result = new double[n][];
        for (int i = 0; i < n; i++)
        {
            result[i] = new double[dimensions];
            for (int c = 0; c < dimensions; c++) result[i][c] = eig.Vectors[i, c] * Math.Sqrt(Math.Max(eig.Values[c], 0));
        }
        return result;
    }

    /// <summary>The Euclidean distance matrix of <paramref name="rows"/>.</summary>
    public static double[,] DistanceMatrix(IReadOnlyList<double[]> rows)
    {
        var d = Distances.SquaredMatrix(rows);
        int n = rows.Count;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) d[i, j] = Math.Sqrt(d[i, j]);
        return d;
    }

    internal static void RequireDistances(double[,] distances)
    {
        int n = distances.GetLength(0);
        if (n < 2 || distances.GetLength(1) != n) throw new ArgumentException($"MDS: need a square distance matrix of at least 2 points, got {n}×{distances.GetLength(1)}.", nameof(distances));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = distances[i, j];
                if (!double.IsFinite(v) || v < 0) throw new ArgumentException($"MDS: distance ({i}, {j}) is {v}.", nameof(distances));
                if (Math.Abs(v - distances[j, i]) > 1e-9 * (1 + Math.Abs(v))) throw new ArgumentException($"MDS: distances ({i}, {j}) = {v} and ({j}, {i}) = {distances[j, i]} differ.", nameof(distances));
            }
    }
}
