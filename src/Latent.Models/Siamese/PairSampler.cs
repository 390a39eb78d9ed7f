using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// Chooses the partners of a batch of anchors: a similar partner of the same class drawn from the whole training
/// set (so classes with few examples still get pairs), and dissimilar partners of other classes among the batch
/// (so their embeddings are already at hand), drawn at random or — hard-negative mining — the most alike.
/// </summary>
public sealed class PairSampler
{
    private readonly int[] _labels;
    private readonly Dictionary<int, int[]> _byClass;

    /// <summary>Indexes the training labels by class.</summary>
    /// <exception cref="ArgumentException">There are no labels.</exception>
    public PairSampler(int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0) throw new ArgumentException("A pair sampler needs labelled examples.", nameof(labels));
        _labels = labels;
        _byClass = labels.Select((label, index) => (label, index)).GroupBy(p => p.label).ToDictionary(g => g.Key, g => g.Select(p => p.index).ToArray());
    }

    /// <summary>The number of classes.</summary>
    public int Classes => _byClass.Count;

    /// <summary>For each training index, another training index of the same class (itself when its class has one example).</summary>
    public int[] Positives(ReadOnlySpan<int> indices, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var partners = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            var members = _byClass[_labels[indices[i]]];
            if (members.Length == 1) { partners[i] = indices[i]; continue; }
            int pick = members[gen.NextInt(members.Length - 1)];
            partners[i] = pick == indices[i] ? members[^1] : pick;
        }
        return partners;
    }

    /// <summary>
    /// Up to <paramref name="count"/> dissimilar partners for each anchor among the batch: pairs (anchor i, batch
    /// member j) with different labels, at random (with repetition when fewer are available) or, when
    /// <paramref name="similarity"/> [B, B] is given, the <paramref name="count"/> most similar. Anchors whose batch
    /// has no other class get none.
    /// </summary>
    public static List<(int Anchor, int Partner)> Negatives(int[] batchLabels, int count, Generator gen, float[,]? similarity = null)
    {
        ArgumentNullException.ThrowIfNull(batchLabels);
        ArgumentNullException.ThrowIfNull(gen);
        var pairs = new List<(int, int)>();
        for (int i = 0; i < batchLabels.Length; i++)
        {
            var others = Enumerable.Range(0, batchLabels.Length).Where(j => batchLabels[j] != batchLabels[i]).ToArray();
            if (others.Length == 0) continue;
            if (similarity != null)
            {
                var hardest = others.OrderByDescending(j => similarity[i, j]).ThenBy(j => j).ToArray();
                for (int k = 0; k < count; k++) pairs.Add((i, hardest[k % hardest.Length]));
                continue;
            }
            var order = Tensor.PermutationIndices(others.Length, gen);
            for (int k = 0; k < count; k++) pairs.Add((i, others[order[k % others.Length]]));
        }
        return pairs;
    }
}
