using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>
    /// The cosine loss with a margin of the Siamese-network lectures, on embedding pairs [N, D]: ¼·(1 − cos)² for
    /// similar pairs (y = 1) and cos² for dissimilar pairs (y = 0) whose cosine is at least <paramref name="margin"/>,
    /// 0 for those below it. The condition is on the cosine (the deck writes "x ≥ margin"). The loss of a dissimilar
    /// pair jumps from margin² to 0 as its cosine crosses the margin; at exactly the margin the pair is penalised.
    /// </summary>
    /// <param name="x1">First embeddings [N, D].</param>
    /// <param name="x2">Second embeddings [N, D].</param>
    /// <param name="similar">1 for similar pairs, 0 for dissimilar ones, [N].</param>
    /// <param name="margin">Dissimilar pairs with a cosine below this cost nothing.</param>
    /// <param name="reduction">How to combine the per-pair losses.</param>
    /// <exception cref="ArgumentException">The embeddings differ in shape or the labels are not [N].</exception>
    public static Tensor CosineMargin(Tensor x1, Tensor x2, Tensor similar, float margin = 0.5f, Reduction reduction = Reduction.Mean)
    {
        CheckPairs(x1, x2, similar, "CosineMargin");
        var cos = Functional.CosineSimilarity(x1, x2);
        var positive = cos.RSub(1f).Square() * 0.25f;
        var negative = cos.Square() * cos.Ge(margin);
        return Reduce(similar * positive + similar.RSub(1f) * negative, reduction);
    }

    /// <summary>
    /// Koch, Zemel &amp; Salakhutdinov's (2015) Siamese loss on embedding pairs [N, D]: the binary cross-entropy of
    /// p = σ(Σₖ αₖ·|x1ₖ − x2ₖ| + b) against y = 1 for pairs of the same class, 0 otherwise, that is
    /// −[y·log p + (1 − y)·log(1 − p)] (the deck drops the minus sign). The weights α [D] and bias b [1] are learned.
    /// </summary>
    /// <param name="x1">First embeddings [N, D].</param>
    /// <param name="x2">Second embeddings [N, D].</param>
    /// <param name="same">1 for pairs of the same class, 0 otherwise, [N].</param>
    /// <param name="weight">The component weights α, [D].</param>
    /// <param name="bias">The bias b, [1].</param>
    /// <param name="reduction">How to combine the per-pair losses.</param>
    /// <exception cref="ArgumentException">The embeddings differ in shape, the labels are not [N] or α is not [D].</exception>
    public static Tensor WeightedL1Pair(Tensor x1, Tensor x2, Tensor same, Tensor weight, Tensor bias, Reduction reduction = Reduction.Mean)
        => BinaryCrossEntropyWithLogits(WeightedL1Logits(x1, x2, same, weight, bias), same, reduction: reduction);

    /// <summary>The logits Σₖ αₖ·|x1ₖ − x2ₖ| + b [N] of Koch's weighted L1 similarity (σ of them is the probability of "same").</summary>
    /// <exception cref="ArgumentException">The embeddings differ in shape or are not [N, D], or α is not [D].</exception>
    public static Tensor WeightedL1Logits(Tensor x1, Tensor x2, Tensor weight, Tensor bias)
        => WeightedL1Logits(x1, x2, null, weight, bias);

    private static Tensor WeightedL1Logits(Tensor x1, Tensor x2, Tensor? labels, Tensor weight, Tensor bias)
    {
        CheckSameShape(x1, x2, "WeightedL1");
        if (x1.Rank != 2 || (labels != null && (labels.Rank != 1 || labels.Shape[0] != x1.Shape[0])))
            throw new ArgumentException($"WeightedL1: expected embeddings [N, D] and labels [N], got {ShapeUtil.Format(x1.Shape)} and {(labels == null ? "none" : ShapeUtil.Format(labels.Shape))}.");
        if (weight.Rank != 1 || weight.Shape[0] != x1.Shape[1] || bias.Size != 1)
            throw new ArgumentException($"WeightedL1: expected weights [{x1.Shape[1]}] and a bias [1], got {ShapeUtil.Format(weight.Shape)} and {ShapeUtil.Format(bias.Shape)}.");
        return ((x1 - x2).Abs() * weight).Sum(-1) + bias.Reshape([]);
    }
}
