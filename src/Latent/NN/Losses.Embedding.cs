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

    private static void CheckPairs(Tensor x1, Tensor x2, Tensor target, string loss)
    {
        CheckSameShape(x1, x2, loss);
        if (x1.Rank != 2 || target.Rank != 1 || target.Shape[0] != x1.Shape[0])
            throw new ArgumentException($"{loss}: expected embeddings [N, D] and labels [N], got {ShapeUtil.Format(x1.Shape)} and {ShapeUtil.Format(target.Shape)}.");
    }
}
