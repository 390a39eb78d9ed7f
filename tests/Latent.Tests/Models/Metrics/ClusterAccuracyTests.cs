using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Metrics;

public class ClusterAccuracyTests
{
    [Fact]
    public void RenamedClustersScoreOne()
    {
        var labels = new[] { 0, 1, 2, 3, 0, 1, 2, 3, 3 };
        var rename = new[] { 2, 0, 3, 1 };
        Assert.Equal(1.0, ClusterAccuracy.Compute(labels.Select(l => rename[l]).ToArray(), labels, 4));
    }

    [Fact]
    public void BestMatchingBeatsTheGreedyOne()
    {
        // Greedy takes the 10 (row 0 → column 0) and is left with 1 + 1 = 12; the best matching is 9 + 9 + 1 = 19.
        long[,] w = { { 10, 9, 0 }, { 9, 1, 0 }, { 0, 0, 1 } };
        Assert.Equal([1, 0, 2], ClusterAccuracy.BestMatching(w));
    }

    [Fact]
    public void HungarianMatchesBruteForceOnRandomMatrices()
    {
        var gen = new Generator(11);
        for (int trial = 0; trial < 20; trial++)
        {
            var w = new long[5, 5];
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++) w[i, j] = gen.NextInt(50);
            var match = ClusterAccuracy.BestMatching(w);
            Assert.Equal(5, match.Distinct().Count());
            long best = Permutations([0, 1, 2, 3, 4]).Max(p => Enumerable.Range(0, 5).Sum(i => w[i, p[i]]));
            Assert.Equal(best, Enumerable.Range(0, 5).Sum(i => w[i, match[i]]));
        }
    }

    [Fact]
    public void AccuracyCountsTheMatchedExamples()
    {
        // Cluster 0 holds classes {0, 0, 1}, cluster 1 holds {1, 1, 0}: matched 0→0, 1→1, 4 of 6 agree.
        Assert.Equal(4 / 6.0, ClusterAccuracy.Compute([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 0], 2), 12);
        var error = Assert.Throws<ArgumentException>(() => ClusterAccuracy.Compute([0, 3], [0, 1], 2));
        Assert.Contains("example 1", error.Message);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                yield return [items[i], .. rest];
    }
}
