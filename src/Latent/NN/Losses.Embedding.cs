using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>
    /// Cosine embedding loss for pairs of embeddings [N, D]: 1 − cos(x₁, x₂) for similar pairs (y = 1) and
    /// max(0, cos(x₁, x₂) − margin) for dissimilar ones (y = −1).
    /// </summary>
    /// <exception cref="ArgumentException">The embeddings differ in shape, the labels are not [N], or a label is not ±1.</exception>
    public static Tensor CosineEmbedding(Tensor x1, Tensor x2, Tensor target, float margin = 0f, Reduction reduction = Reduction.Mean)
    {
        CheckPairs(x1, x2, target, "CosineEmbedding");
        CheckPlusMinusOne(target, "CosineEmbedding");
        var cos = Functional.CosineSimilarity(x1, x2);
        return Reduce(Tensor.Where(target.Gt(0f), cos.RSub(1f), (cos - margin).Relu()), reduction);
    }

    /// <summary>
    /// Contrastive loss (Hadsell, Chopra &amp; LeCun, 2006) on embedding pairs [N, D]: y·d² + (1 − y)·max(0, m − d)²
    /// with d the Euclidean distance and y = 1 for similar pairs, 0 for dissimilar ones.
    /// </summary>
    /// <exception cref="ArgumentException">The embeddings differ in shape or the labels are not [N].</exception>
    public static Tensor Contrastive(Tensor x1, Tensor x2, Tensor similar, float margin = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckPairs(x1, x2, similar, "Contrastive");
        var squared = (x1 - x2).Square().Sum(-1);
        var distance = (squared + 1e-12f).Sqrt(); // Functional.PairwiseDistance, reusing the squared distance
        return Reduce(similar * squared + similar.RSub(1f) * distance.RSub(margin).Relu().Square(), reduction);
    }

    /// <summary>Contrastive loss y·d² + (1 − y)·max(0, m − d)² from precomputed distances d.</summary>
    /// <exception cref="ArgumentException">The distances and labels differ in shape.</exception>
    public static Tensor Contrastive(Tensor distance, Tensor similar, float margin = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(distance, similar, "Contrastive");
        return Reduce(similar * distance.Square() + similar.RSub(1f) * distance.RSub(margin).Relu().Square(), reduction);
    }

    /// <summary>
    /// Margin ranking loss max(0, −y·(x₁ − x₂) + margin) for scores x₁, x₂ and targets y ∈ {−1, +1} (y = 1: x₁ should
    /// rank higher). At exactly the margin the gradient passes, as PyTorch's clamp_min gives it.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or a target is not ±1.</exception>
    public static Tensor MarginRanking(Tensor x1, Tensor x2, Tensor target, float margin = 0f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(x1, x2, "MarginRanking");
        CheckSameShape(x1, target, "MarginRanking");
        CheckPlusMinusOne(target, "MarginRanking");
        return Reduce((margin - target * (x1 - x2)).Clamp(min: 0f), reduction);
    }

    /// <summary>
    /// Triplet margin loss (Schroff et al., 2015; PyTorch's TripletMarginLoss) on embeddings [N, D]:
    /// max(0, d(a, p) − d(a, n) + margin) with d(x, y) = ‖x − y + eps‖ₚ. With <paramref name="swap"/> the negative
    /// distance is min(d(a, n), d(p, n)) (Balntas et al., 2016). At exactly the margin the gradient passes, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">The three embeddings differ in shape or are not [N, D], or p is not positive.</exception>
    public static Tensor TripletMargin(Tensor anchor, Tensor positive, Tensor negative, float margin = 1f, float p = 2f, float eps = 1e-6f,
        bool swap = false, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(anchor, positive, "TripletMargin");
        CheckSameShape(anchor, negative, "TripletMargin");
        if (anchor.Rank != 2) throw new ArgumentException($"TripletMargin: expected embeddings [N, D], got {ShapeUtil.Format(anchor.Shape)}.", nameof(anchor));
        if (!(p > 0)) throw new ArgumentException($"TripletMargin: p must be positive, got {p}.", nameof(p));
        Tensor Distance(Tensor x, Tensor y) => (x - y + eps).Norm(p, [1]);
        var toPositive = Distance(anchor, positive);
        var toNegative = Distance(anchor, negative);
        if (swap) toNegative = toNegative.Minimum(Distance(positive, negative));
        return Reduce((toPositive - toNegative + margin).Clamp(min: 0f), reduction);
    }

    private static void CheckPairs(Tensor x1, Tensor x2, Tensor target, string loss)
    {
        CheckSameShape(x1, x2, loss);
        if (x1.Rank != 2 || target.Rank != 1 || target.Shape[0] != x1.Shape[0])
            throw new ArgumentException($"{loss}: expected embeddings [N, D] and labels [N], got {ShapeUtil.Format(x1.Shape)} and {ShapeUtil.Format(target.Shape)}.");
    }
}
