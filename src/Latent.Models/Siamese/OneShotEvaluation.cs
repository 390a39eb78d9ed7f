using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// N-way one-shot classification (Koch et al. 2015; Lake et al.'s Omniglot protocol): each episode draws N classes
/// and two different examples of each, one the support, one the query; each query is given the class of the
/// support it scores most alike. The accuracy is over all queries of all episodes. Episodes depend only on the
/// labels and the seed, so two scorers given the same seed are tested on the same trials.
/// </summary>
public static class OneShotEvaluation
{
    /// <summary>
    /// The N-way one-shot accuracy of <paramref name="score"/> on <paramref name="features"/> [M, D] of classes
    /// <paramref name="labels"/>: <paramref name="score"/>(a, b) gives [P] scores for pairs of rows a, b [P, D], higher
    /// meaning more alike.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than N classes have two examples, or the labels do not match the features.</exception>
    public static double Accuracy(Tensor features, int[] labels, int ways, int episodes, Func<Tensor, Tensor, Tensor> score, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        if (features.Rank != 2 || features.Shape[0] != labels.Length)
            throw new ArgumentException($"One-shot evaluation needs features [M, D] for {labels.Length} labels, got [{string.Join(", ", features.Shape)}].", nameof(features));
        var byClass = labels.Select((label, index) => (label, index)).GroupBy(p => p.label)
            .Where(g => g.Count() >= 2).OrderBy(g => g.Key).Select(g => g.Select(p => p.index).ToArray()).ToArray();
        if (byClass.Length < ways)
            throw new ArgumentException($"{ways}-way one-shot trials need {ways} classes with two examples each; the data has {byClass.Length}.", nameof(labels));
        var gen = new Generator(seed);
        long correct = 0;
        using (Autograd.NoGrad())
        {
            for (int e = 0; e < episodes; e++)
            {
                var classes = Tensor.PermutationIndices(byClass.Length, gen).Take(ways).ToArray();
                var supports = new int[ways];
                var queries = new int[ways];
                for (int c = 0; c < ways; c++)
                {
                    var members = byClass[classes[c]];
                    int s = gen.NextInt(members.Length), q = gen.NextInt(members.Length - 1);
                    supports[c] = members[s];
                    queries[c] = members[q >= s ? q + 1 : q];
                }
                correct += CountCorrect(features, supports, queries, score);
            }
        }
        return correct / (double)(ways * episodes);
    }

    /// <summary>
    /// Koch et al.'s Omniglot protocol: each episode draws two different drawers A and B and N classes both have drawn;
    /// the supports are the N characters drawn by A, the queries the same characters drawn by B, and each query is
    /// given the class of the support it scores most alike. <paramref name="drawers"/> gives each row's drawer (for the
    /// fonts: its font); a drawer with several examples of a class contributes its first.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two drawers share N classes, or the labels or drawers do not match the features.</exception>
    public static double AccuracyAcrossDrawers(Tensor features, int[] labels, int[] drawers, int ways, int episodes, Func<Tensor, Tensor, Tensor> score, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(drawers);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        if (features.Rank != 2 || features.Shape[0] != labels.Length || drawers.Length != labels.Length)
            throw new ArgumentException($"One-shot evaluation needs features [M, D] for {labels.Length} labels and as many drawers, got [{string.Join(", ", features.Shape)}] and {drawers.Length} drawers.", nameof(features));
        // byDrawer[d][class] = the first row drawer d drew of that class.
        var byDrawer = drawers.Distinct().Order().Select(d => Enumerable.Range(0, labels.Length).Where(i => drawers[i] == d)
            .GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.First())).ToArray();
        var pairs = (from a in Enumerable.Range(0, byDrawer.Length) from b in Enumerable.Range(0, byDrawer.Length)
                     where a != b let shared = byDrawer[a].Keys.Where(byDrawer[b].ContainsKey).Order().ToArray()
                     where shared.Length >= ways select (A: a, B: b, Shared: shared)).ToArray();
        if (pairs.Length == 0)
            throw new ArgumentException($"{ways}-way one-shot trials across drawers need two drawers with {ways} classes in common; the data has none.", nameof(drawers));
        var gen = new Generator(seed);
        long correct = 0;
        using (Autograd.NoGrad())
        {
            for (int e = 0; e < episodes; e++)
            {
                var (a, b, shared) = pairs[gen.NextInt(pairs.Length)];
                var classes = Tensor.PermutationIndices(shared.Length, gen).Take(ways).Select(k => shared[k]).ToArray();
                correct += CountCorrect(features, [.. classes.Select(c => byDrawer[a][c])], [.. classes.Select(c => byDrawer[b][c])], score);
            }
        }
        return correct / (double)(ways * episodes);
    }

    /// <summary>How many queries score their own support (same index) most alike among all supports.</summary>
    private static int CountCorrect(Tensor features, int[] supports, int[] queries, Func<Tensor, Tensor, Tensor> score)
    {
        int ways = supports.Length, correct = 0;
        // Row i: query i against every support j.
        var a = features.IndexSelect(0, [.. Enumerable.Range(0, ways * ways).Select(p => queries[p / ways])]);
        var b = features.IndexSelect(0, [.. Enumerable.Range(0, ways * ways).Select(p => supports[p % ways])]);
        var best = score(a, b).Reshape(ways, ways).Argmax(1).Data;
        for (int i = 0; i < ways; i++) if ((int)best[i] == i) correct++;
        return correct;
    }

    /// <summary>The score of the nearest-neighbour-on-pixels baseline: minus the Euclidean distance of the flattened images.</summary>
    public static Tensor NegativeDistance(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return -(a - b).Square().Sum(-1).Sqrt();
    }
}
