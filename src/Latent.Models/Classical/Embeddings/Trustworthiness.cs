namespace Latent.Models.Classical.Embeddings;

/// <summary>
/// How well an embedding keeps neighbourhoods (Venna &amp; Kaski 2001; scikit-learn's <c>trustworthiness</c>):
/// T(k) = 1 − 2 / (N·k·(2N − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢᵏ} max(0, r(i, j) − k), where Uᵢᵏ are the k nearest neighbours of i
/// in the embedding and r(i, j) is the rank of j among i's neighbours in the input space (1 for the nearest).
/// 1 means no embedded neighbour is a stranger in the input.
/// </summary>
public static class Trustworthiness
{
    /// <summary>T(k) of <paramref name="embedding"/> for <paramref name="input"/> (rows aligned).</summary>
    /// <exception cref="ArgumentException">The counts differ, or k is not below N / 2.</exception>
    public static double Score(IReadOnlyList<double[]> input, IReadOnlyList<double[]> embedding, int neighbours = 5)
    {
        Distances.RequireRows(input);
        Distances.RequireRows(embedding);
        int n = input.Count;
        if (embedding.Count != n) throw new ArgumentException($"Trustworthiness: {embedding.Count} embedded points for {n} inputs.", nameof(embedding));
        if (neighbours < 1 || neighbours >= n / 2.0)
            throw new ArgumentException($"Trustworthiness: neighbours = {neighbours} must be in 1 … {(n - 1) / 2} for {n} points.", nameof(neighbours));
        var (close, _) = Distances.Nearest(embedding, neighbours);
        var penalty = new double[n];
        Parallel.For(0, n, () => new double[n], (i, _, d) =>
        {
            for (int j = 0; j < n; j++) d[j] = j == i ? double.PositiveInfinity : Distances.Squared(input[i], input[j]);
            double s = 0;
            foreach (int j in close[i])
            {
                // r(i, j): 1 + the number of points strictly nearer to i than j is, ties broken by index as a stable argsort does.
                int rank = 1;
                for (int l = 0; l < n; l++)
                    if (d[l] < d[j] || (d[l] == d[j] && l < j)) rank++;
                s += Math.Max(0, rank - neighbours);
            }
            penalty[i] = s;
            return d;
        }, _ => { });
        double k = neighbours;
        return 1 - penalty.Sum() * 2 / (n * k * (2.0 * n - 3 * k - 1));
    }
}
