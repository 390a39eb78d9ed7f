using System.Globalization;
using Latent.Models.Classical.Embeddings;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Classical;

public class EmbeddingTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Three Gaussian clusters in 10-D, 40 points each, centres 6 apart.
    private static (double[][] Rows, int[] Labels) Clusters(int perCluster, int dims, ulong seed)
    {
        var gen = new Generator(seed);
        var rows = new List<double[]>();
        var labels = new List<int>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perCluster; i++)
            {
                rows.Add(Enumerable.Range(0, dims).Select(j => (j == c ? 6.0 : 0.0) + gen.NextNormal()).ToArray());
                labels.Add(c);
            }
        return (rows.ToArray(), labels.ToArray());
    }

    private static string Write(IEnumerable<double[]> rows)
    {
        string file = Path.Combine(Path.GetTempPath(), $"latent-embed-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, rows.Select(r => string.Join(' ', r.Select(v => v.ToString("R", Inv)))));
        return file;
    }

    [Fact]
    public void ClassicalMdsRecoversTheDistancesOfPointsInAPlaneExactly()
    {
        // 30 points of a plane tilted in 3-D: a 2-D embedding must reproduce all 435 distances.
        var gen = new Generator(3);
        var u = new[] { 1.0, 2, 2 }.Select(v => v / 3).ToArray();
        var v = new[] { 2.0, 1, -2 }.Select(t => t / 3).ToArray();
        var points = Enumerable.Range(0, 30).Select(_ =>
        {
            double a = 4 * gen.NextNormal(), b = gen.NextNormal();
            return Enumerable.Range(0, 3).Select(j => 1 + a * u[j] + b * v[j]).ToArray();
        }).ToArray();
        var d = ClassicalMds.DistanceMatrix(points);
        var y = ClassicalMds.Embed(d, 2);
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++) Assert.Equal(d[i, j], Math.Sqrt(Distances.Squared(y[i], y[j])), 1e-9);
        Assert.True(MetricMds.Stress(d, y) < 1e-15);
        // One dimension cannot: stress is far from zero.
        Assert.True(MetricMds.Stress(d, ClassicalMds.Embed(d, 1)) > 1);
    }

    [Fact]
    public void SmacofNeverRaisesTheStress()
    {
        var (rows, _) = Clusters(15, 5, 4);
        var d = ClassicalMds.DistanceMatrix(rows);
        var gen = new Generator(5);
        var y = rows.Select(_ => new[] { gen.NextNormal(), gen.NextNormal() }).ToArray();
        double previous = MetricMds.Stress(d, y);
        for (int step = 0; step < 20; step++)
        {
            y = MetricMds.Fit(d, start: y, maxIterations: 1).Embedding;
            double stress = MetricMds.Stress(d, y);
            Assert.True(stress <= previous * (1 + 1e-12), $"step {step}: {previous} → {stress}");
            previous = stress;
        }
    }

    [SkippableFact]
    public void SmacofStressAgreesWithScikitLearn()
    {
        var (rows, _) = Clusters(12, 5, 6);
        var d = ClassicalMds.DistanceMatrix(rows);
        var start = ClassicalMds.Embed(d, 2);
        string points = Write(rows), init = Write(start);
        try
        {
            const string script = """
import sys, numpy as np
from sklearn.manifold import smacof
from sklearn.metrics import euclidean_distances
x = np.loadtxt(sys.argv[1]); y0 = np.loadtxt(sys.argv[2])
d = euclidean_distances(x)
y, stress, it = smacof(d, metric=True, n_components=2, init=y0, n_init=1, max_iter=30, eps=1e-12, normalized_stress=False, return_n_iter=True)
print(repr(float(stress)), it)
""";
            var output = SystemPython.Run(script, ["numpy", "sklearn"], points, init);
            Skip.If(output == null, "/usr/bin/python3 has no scikit-learn (apt-get install python3-sklearn)");
            var parts = output!.Trim().Split(' ');
            double theirs = double.Parse(parts[0], Inv);
            var ours = MetricMds.Fit(d, start: start, maxIterations: 30, tolerance: 1e-12);
            Assert.Equal(int.Parse(parts[1], Inv), ours.Iterations);
            Assert.Equal(theirs, ours.Stress, 1e-9 * (1 + theirs));
        }
        finally
        {
            File.Delete(points);
            File.Delete(init);
        }
    }

    [Fact]
    public void PerplexityCalibrationHitsTheTargetEntropy()
    {
        var gen = new Generator(7);
        var d = Enumerable.Range(0, 200).Select(_ => 10 * gen.NextDouble()).ToArray();
        var p = new double[d.Length];
        TsneAffinities.Calibrate(d, 30, p);
        double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(Math.Log(30), entropy, 1e-8);
        Assert.Equal(1, p.Sum(), 1e-12);
        // Nearer points are more similar.
        int near = Array.IndexOf(d, d.Min()), far = Array.IndexOf(d, d.Max());
        Assert.True(p[near] > p[far]);
    }

    [Fact]
    public void TrustworthinessIsOneForTheIdentityAndLowForAShuffle()
    {
        var (rows, _) = Clusters(20, 2, 8);
        var two = rows.Select(r => r[..2]).ToArray();
        Assert.Equal(1, Trustworthiness.Score(two, two, 5), 1e-12);
        var gen = new Generator(9);
        var shuffled = two.OrderBy(_ => gen.NextDouble()).ToArray();
        Assert.True(Trustworthiness.Score(two, shuffled, 5) < 0.7);
        Assert.Throws<ArgumentException>(() => Trustworthiness.Score(two, two, 40));
    }

    [Fact]
    public void BarnesHutNormalizerApproximatesTheExactOne()
    {
        var (rows, _) = Clusters(100, 2, 10);
        var p = TsneAffinities.Sparse(rows, 20);
        var x = rows.Select(r => r[0]).ToArray();
        var y = rows.Select(r => r[1]).ToArray();
        double exact = Tsne.KlDivergence(p, x, y, 0), approx = Tsne.KlDivergence(p, x, y, 0.5);
        Assert.True(Math.Abs(exact - approx) < 0.01 * Math.Abs(exact) + 1e-3, $"exact {exact}, Barnes–Hut {approx}");
        Assert.NotEqual(exact, approx); // the approximation is really used
        Assert.Equal(1, p.Values.Sum(v => v.Sum()), 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void TsneSeparatesClustersAndLowersTheKlDivergence(double theta)
    {
        var (rows, labels) = Clusters(40, 10, 11);
        var history = new List<double>();
        var result = Tsne.Fit(rows, new TsneSettings(Perplexity: 15, Iterations: 400, Theta: theta), (_, kl) => history.Add(kl));
        Assert.Equal(theta == 0, result.Exact);
        Assert.True(history[^1] < history[4], $"KL after 250 steps {history[4]}, at the end {history[^1]}");
        double trust = Trustworthiness.Score(rows, result.Embedding, 5);
        Assert.True(trust > 0.9, $"trustworthiness {trust}");
        // Every point's nearest embedded neighbour is in its own cluster.
        var (nearest, _) = Distances.Nearest(result.Embedding, 1);
        Assert.All(Enumerable.Range(0, rows.Length), i => Assert.Equal(labels[i], labels[nearest[i][0]]));
    }

    [SkippableFact]
    public void TsneAndTrustworthinessAgreeWithScikitLearn()
    {
        var (rows, _) = Clusters(30, 10, 12);
        var result = Tsne.Fit(rows, new TsneSettings(Perplexity: 15, Iterations: 500, Theta: 0));
        string points = Write(rows), embedded = Write(result.Embedding);
        try
        {
            const string script = """
import sys, numpy as np
from sklearn.manifold import TSNE, trustworthiness
x = np.loadtxt(sys.argv[1]); ours = np.loadtxt(sys.argv[2])
t = TSNE(perplexity=15, method='exact', init='pca', learning_rate="auto", n_iter=500, random_state=0).fit(x)
print(repr(float(trustworthiness(x, ours, n_neighbors=5))), repr(float(trustworthiness(x, t.embedding_, n_neighbors=5))), repr(float(t.kl_divergence_)))
""";
            var output = SystemPython.Run(script, ["numpy", "sklearn"], points, embedded);
            Skip.If(output == null, "/usr/bin/python3 has no scikit-learn (apt-get install python3-sklearn)");
            var v = output!.Trim().Split(' ').Select(t => double.Parse(t, Inv)).ToArray();
            // The trustworthiness formula is deterministic: the same number for the same points.
            Assert.Equal(v[0], Trustworthiness.Score(rows, result.Embedding, 5), 1e-12);
            // The same algorithm from the same start reaches as good an embedding.
            Assert.True(v[0] >= v[1] - 0.01, $"trustworthiness: ours {v[0]}, scikit-learn {v[1]}");
            Assert.True(result.KlDivergence <= 1.05 * v[2] + 0.02, $"KL: ours {result.KlDivergence}, scikit-learn {v[2]}");
        }
        finally
        {
            File.Delete(points);
            File.Delete(embedded);
        }
    }
}
