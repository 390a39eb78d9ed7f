using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

/// <summary>The Siamese losses on hand-computed pairs, value and gradient, on both sides of each margin.</summary>
public class SiameseLossTests
{
    private static Tensor Leaf(params float[] values) => Tensor.FromArray(values, 1, values.Length).RequireGrad();

    private static Tensor Label(float y) => Tensor.FromArray([y]);

    [Fact]
    public void ContrastivePullsSimilarPairsAndPushesDissimilarOnesOnlyInsideTheMargin()
    {
        // x1 = (0, 0), x2 = (3, 4): d = 5, ∂d/∂x1 = (x1 − x2)/d = (−0.6, −0.8).
        var x1 = Leaf(0f, 0f);
        var x2 = Tensor.FromArray([3f, 4f], 1, 2);
        var similar = Losses.Contrastive(x1, x2, Label(1f));
        NnAssert.Close(25, similar);
        similar.Backward();
        NnAssert.Close([-6, -8], x1.Grad!); // 2·(x1 − x2)
        // Dissimilar, inside the margin m = 6: (m − d)² = 1, gradient −2(m − d)·∂d/∂x1 = (1.2, 1.6).
        x1 = Leaf(0f, 0f);
        var inside = Losses.Contrastive(x1, x2, Label(0f), margin: 6f);
        NnAssert.Close(1, inside);
        inside.Backward();
        NnAssert.Close([1.2, 1.6], x1.Grad!);
        // Dissimilar, beyond the margin m = 4: no loss, no gradient.
        x1 = Leaf(0f, 0f);
        var beyond = Losses.Contrastive(x1, x2, Label(0f), margin: 4f);
        NnAssert.Close(0, beyond);
        beyond.Backward();
        NnAssert.Close([0, 0], x1.Grad!);
    }

    [Fact]
    public void CosineMarginMatchesTheLectureFormulaOnBothSidesOfTheMargin()
    {
        // x1 = (1, 0), x2 = (1, 1): cos = 1/√2, ∂cos/∂x1 = x2/(|x1||x2|) − cos·x1/|x1|² = (0, 1/√2).
        double c = 1 / Math.Sqrt(2);
        var x2 = Tensor.FromArray([1f, 1f], 1, 2);
        var x1 = Leaf(1f, 0f);
        var similar = Losses.CosineMargin(x1, x2, Label(1f));
        NnAssert.Close(0.25 * (1 - c) * (1 - c), similar);
        similar.Backward();
        NnAssert.Close([0, -0.5 * (1 - c) * c], x1.Grad!); // −½(1 − cos)·∂cos/∂x1
        // Dissimilar with cos ≥ margin 0.5: cos² = ½, gradient 2cos·∂cos/∂x1 = (0, 1).
        x1 = Leaf(1f, 0f);
        var inside = Losses.CosineMargin(x1, x2, Label(0f), margin: 0.5f);
        NnAssert.Close(0.5, inside);
        inside.Backward();
        NnAssert.Close([0, 1], x1.Grad!);
        // Dissimilar with cos below margin 0.8: no loss, no gradient.
        x1 = Leaf(1f, 0f);
        var below = Losses.CosineMargin(x1, x2, Label(0f), margin: 0.8f);
        NnAssert.Close(0, below);
        below.Backward();
        NnAssert.Close([0, 0], x1.Grad!);
        Assert.Throws<ArgumentException>(() => Losses.CosineMargin(x1, x2, Tensor.FromArray([1f, 0f])));
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0f)]
    public void WeightedL1PairIsKochsCrossEntropyOfTheSigmoidOfTheWeightedDistance(float same)
    {
        // x1 = (1, 2), x2 = (0, 4): |Δ| = (1, 2); α = (0.5, −1), b = 0.25: logit −1.25.
        var x1 = Leaf(1f, 2f);
        var x2 = Tensor.FromArray([0f, 4f], 1, 2);
        var alpha = Tensor.FromArray([0.5f, -1f]).RequireGrad();
        var bias = Tensor.FromArray([0.25f]).RequireGrad();
        double logit = -1.25, p = 1 / (1 + Math.Exp(-logit));
        NnAssert.Close([logit], Losses.WeightedL1Logits(x1, x2, alpha, bias));
        var loss = Losses.WeightedL1Pair(x1, x2, Label(same), alpha, bias);
        NnAssert.Close(-(same * Math.Log(p) + (1 - same) * Math.Log(1 - p)), loss);
        loss.Backward();
        double r = p - same; // ∂loss/∂logit
        NnAssert.Close([r * 1, r * 2], alpha.Grad!);
        NnAssert.Close([r], bias.Grad!);
        NnAssert.Close([r * 0.5 * 1, r * -1 * -1], x1.Grad!); // α·sign(x1 − x2)
        Assert.Throws<ArgumentException>(() => Losses.WeightedL1Pair(x1, x2, Label(same), Tensor.FromArray([1f]), bias));
    }

    [Fact]
    public void TripletLossActsOnlyWhenTheNegativeIsNotAMarginFartherThanThePositive()
    {
        // a = (0, 0), p = (1, 0), n = (0, 2): d(a, p) = 1, d(a, n) = 2.
        var p = Tensor.FromArray([1f, 0f], 1, 2);
        var n = Tensor.FromArray([0f, 2f], 1, 2);
        var a = Leaf(0f, 0f);
        var violated = Losses.TripletMargin(a, p, n, margin: 1.5f, eps: 0f);
        NnAssert.Close(0.5, violated);
        violated.Backward();
        NnAssert.Close([-1, 1], a.Grad!); // (a − p)/d(a, p) − (a − n)/d(a, n)
        a = Leaf(0f, 0f);
        var satisfied = Losses.TripletMargin(a, p, n, margin: 0.5f, eps: 0f);
        NnAssert.Close(0, satisfied);
        satisfied.Backward();
        NnAssert.Close([0, 0], a.Grad!);
    }
}
