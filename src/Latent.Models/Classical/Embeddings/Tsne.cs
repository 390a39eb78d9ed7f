using Latent.Models.Common;

namespace Latent.Models.Classical.Embeddings;

/// <summary>
/// t-distributed stochastic neighbour embedding (van der Maaten &amp; Hinton 2008): input similarities P calibrated to a
/// perplexity, a Student-t kernel qᵢⱼ ∝ (1 + |yᵢ − yⱼ|²)⁻¹ in the plane, and gradient descent on KL(P ‖ Q) with
/// ∂KL/∂yᵢ = 4 Σⱼ (pᵢⱼ − qᵢⱼ)(1 + |yᵢ − yⱼ|²)⁻¹(yᵢ − yⱼ). Exact for θ = 0 (O(N²) per step); otherwise Barnes–Hut
/// (van der Maaten 2014): P over ⌊3·perplexity⌋ nearest neighbours and repulsions summarized by a quadtree,
/// O(N log N) per step. The optimizer is scikit-learn's: PCA start scaled to a standard deviation of 10⁻⁴, early
/// exaggeration with momentum 0.5, then momentum 0.8, per-coordinate adaptive gains.
/// </summary>
/// <example>
/// <code>
/// var result = Tsne.Fit(rows, new TsneSettings(Perplexity: 30));
/// double t = Trustworthiness.Score(rows, result.Embedding, neighbours: 5);
/// </code>
/// </example>
public static class Tsne
{
    /// <summary>Embeds <paramref name="rows"/> in the plane; <paramref name="progress"/> hears the KL divergence every 50 steps.</summary>
    /// <exception cref="ArgumentException">Fewer than four rows, rows of different lengths, or a setting out of range.</exception>
    public static TsneResult Fit(IReadOnlyList<double[]> rows, TsneSettings settings, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Distances.RequireRows(rows);
        int n = rows.Count;
        if (n < 4) throw new ArgumentException($"t-SNE: need at least 4 points, got {n}.", nameof(rows));
        bool exact = settings.Theta == 0;
        var p = exact ? Dense(TsneAffinities.Exact(rows, settings.Perplexity)) : TsneAffinities.Sparse(rows, settings.Perplexity);
        var (x, y) = PcaStart(rows);
        double rate = settings.LearningRate ?? Math.Max(n / settings.EarlyExaggeration / 4, 50);
        var ux = new double[n];
        var uy = new double[n];
        var gx = new double[n];
        var gy = new double[n];
        var gainX = Enumerable.Repeat(1.0, n).ToArray();
        var gainY = Enumerable.Repeat(1.0, n).ToArray();
        for (int step = 0; step < settings.Iterations; step++)
        {
            bool early = step < settings.ExaggerationIterations;
            double exaggeration = early ? settings.EarlyExaggeration : 1;
            double momentum = early ? 0.5 : 0.8;
            Gradient(p, x, y, exaggeration, settings.Theta, gx, gy);
            Update(x, gx, ux, gainX, momentum, rate);
            Update(y, gy, uy, gainY, momentum, rate);
            if (progress != null && (step + 1) % 50 == 0) progress(step + 1, KlDivergence(p, x, y, settings.Theta));
        }
        var embedding = Enumerable.Range(0, n).Select(i => new[] { x[i], y[i] }).ToArray();
        return new TsneResult(embedding, KlDivergence(p, x, y, settings.Theta), exact);
    }

    /// <summary>KL(P ‖ Q) of the embedding (x, y) over P's non-zero entries; with θ &gt; 0 the normalizer Σ wᵢⱼ comes from the quadtree.</summary>
    public static double KlDivergence(SparseRows p, double[] x, double[] y, double theta)
    {
        ArgumentNullException.ThrowIfNull(p);
        double z = Normalizer(x, y, theta);
        double kl = 0;
        for (int i = 0; i < p.Count; i++)
            for (int c = 0; c < p.Columns[i].Length; c++)
            {
                double pij = p.Values[i][c];
                if (pij <= 0) continue;
                int j = p.Columns[i][c];
                double dx = x[i] - x[j], dy = y[i] - y[j];
                double q = 1 / (1 + dx * dx + dy * dy) / z;
                kl += pij * Math.Log(pij / Math.Max(q, 1e-300));
            }
        return kl;
    }

    private static double Normalizer(double[] x, double[] y, double theta)
    {
        int n = x.Length;
        var partial = new double[n];
        if (theta == 0)
            Parallel.For(0, n, i =>
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                    if (j != i) s += 1 / (1 + (x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]));
                partial[i] = s;
            });
        else
        {
            var tree = new QuadTree(x, y);
            Parallel.For(0, n, () => new Stack<int>(), (i, _, stack) =>
            {
                partial[i] = tree.Repulsion(i, theta, stack).SumW;
                return stack;
            }, _ => { });
        }
        return partial.Sum();
    }

    /// <summary>∂KL/∂y into (gx, gy): 4·(exaggeration·Σⱼ pᵢⱼwᵢⱼ(yᵢ − yⱼ) − Σⱼ wᵢⱼ²(yᵢ − yⱼ) / Z).</summary>
    private static void Gradient(SparseRows p, double[] x, double[] y, double exaggeration, double theta, double[] gx, double[] gy)
    {
        int n = x.Length;
        var rx = new double[n];
        var ry = new double[n];
        var sums = new double[n];
        if (theta == 0)
            Parallel.For(0, n, i =>
            {
                double s = 0, fx = 0, fy = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double dx = x[i] - x[j], dy = y[i] - y[j];
                    double w = 1 / (1 + dx * dx + dy * dy);
                    s += w;
                    fx += w * w * dx;
                    fy += w * w * dy;
                }
                (sums[i], rx[i], ry[i]) = (s, fx, fy);
            });
        else
        {
            var tree = new QuadTree(x, y);
            Parallel.For(0, n, () => new Stack<int>(), (i, _, stack) =>
            {
                (sums[i], rx[i], ry[i]) = tree.Repulsion(i, theta, stack);
                return stack;
            }, _ => { });
        }
        double z = sums.Sum();
        Parallel.For(0, n, i =>
        {
            double ax = 0, ay = 0;
            var columns = p.Columns[i];
            var values = p.Values[i];
            for (int c = 0; c < columns.Length; c++)
            {
                int j = columns[c];
                double dx = x[i] - x[j], dy = y[i] - y[j];
                double pw = values[c] / (1 + dx * dx + dy * dy);
                ax += pw * dx;
                ay += pw * dy;
            }
            gx[i] = 4 * (exaggeration * ax - rx[i] / z);
            gy[i] = 4 * (exaggeration * ay - ry[i] / z);
        });
    }

    /// <summary>scikit-learn's step: gains grow by 0.2 where the update and the gradient disagree in sign, else shrink by 0.8 (at least 0.01).</summary>
    private static void Update(double[] value, double[] gradient, double[] update, double[] gains, double momentum, double rate)
    {
        for (int i = 0; i < value.Length; i++)
        {
            gains[i] = update[i] * gradient[i] < 0 ? gains[i] + 0.2 : Math.Max(gains[i] * 0.8, 0.01);
            update[i] = momentum * update[i] - rate * gains[i] * gradient[i];
            value[i] += update[i];
        }
    }

    /// <summary>The first two principal components, scaled so that the first has standard deviation 10⁻⁴.</summary>
    private static (double[] X, double[] Y) PcaStart(IReadOnlyList<double[]> rows)
    {
        var points = ClassicalRows.ToTensor(rows);
        var z = Pca.Fit(points, Math.Min(2, rows[0].Length)).Transform(points).Data.ToArray();
        int n = rows.Count, k = Math.Min(2, rows[0].Length);
        var x = Enumerable.Range(0, n).Select(i => (double)z[i * k]).ToArray();
        var y = Enumerable.Range(0, n).Select(i => k > 1 ? (double)z[i * k + 1] : 0).ToArray();
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / n);
        double scale = sd > 0 ? 1e-4 / sd : 1;
        for (int i = 0; i < n; i++)
        {
            x[i] *= scale;
            y[i] *= scale;
        }
        return (x, y);
    }

    private static SparseRows Dense(double[,] p)
    {
        int n = p.GetLength(0);
        var columns = new int[n][];
        var values = new double[n][];
        for (int i = 0; i < n; i++)
        {
            columns[i] = Enumerable.Range(0, n).Where(j => j != i).ToArray();
            values[i] = columns[i].Select(j => p[i, j]).ToArray();
        }
        return new SparseRows(columns, values);
    }
}
