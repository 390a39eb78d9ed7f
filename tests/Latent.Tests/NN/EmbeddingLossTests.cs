using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class EmbeddingLossTests
{
    [Fact]
    public void CosineEmbeddingMatchesFormula()
    {
        var a = Tensor.FromArray([1f, 0f, 1f, 1f], 2, 2);
        var b = Tensor.FromArray([1f, 1f, -1f, 0.5f], 2, 2);
        var y = Tensor.FromArray([1f, -1f]);
        double cos0 = 1 / Math.Sqrt(2), cos1 = -0.5 / (Math.Sqrt(2) * Math.Sqrt(1.25));
        NnAssert.Close([1 - cos0, Math.Max(0, cos1 + 0.5)], Losses.CosineEmbedding(a, b, y, margin: -0.5f, reduction: Reduction.None));
        Assert.Throws<ArgumentException>(() => Losses.CosineEmbedding(a, b, Tensor.FromArray([1f, 0f])));
    }

    [Fact]
    public void ContrastiveMatchesHadsellFormula()
    {
        var a = Tensor.FromArray([0f, 0f, 0f, 0f, 1f, 1f], 3, 2);
        var b = Tensor.FromArray([3f, 4f, 0.3f, 0.4f, 1f, 1.5f], 3, 2);
        var similar = Tensor.FromArray([1f, 0f, 0f]);
        // d = 5, 0.5, 0.5: similar pays d², dissimilar pays max(0, m − d)².
        NnAssert.Close([25, 0.25, 0.25], Losses.Contrastive(a, b, similar, margin: 1f, reduction: Reduction.None), atol: 1e-5);
        NnAssert.Close([25, 0.25, 0.25], Losses.Contrastive(Tensor.FromArray([5f, 0.5f, 0.5f]), similar, 1f, Reduction.None));
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var a = NnAssert.Leaf(1, 3, 4);
        var b = NnAssert.Leaf(2, 3, 4);
        var y = Tensor.FromArray([1f, -1f, -1f]);
        GradCheck.Check(xs => Losses.CosineEmbedding(xs[0], xs[1], y, margin: -0.9f), [a, b]);
        GradCheck.Check(xs => Losses.Contrastive(xs[0], xs[1], Tensor.FromArray([1f, 0f, 0f]), margin: 5f), [a, b]);
        var real = NnAssert.Leaf(3, 4, 1);
        var fake = NnAssert.Leaf(4, 4, 1);
        NnAssert.Close(fake.ToArray().Average(v => (double)v) - real.ToArray().Average(v => (double)v), Losses.WassersteinCritic(real, fake), atol: 1e-6);
        NnAssert.Close(-fake.ToArray().Average(v => (double)v), Losses.WassersteinGenerator(fake), atol: 1e-6);
    }
}

public class RankingLossTests
{
    [Fact]
    public void MarginRankingAndTripletMatchTheirFormulas()
    {
        var x1 = Tensor.FromArray([1f, 0.2f]);
        var x2 = Tensor.FromArray([0.5f, 0.5f]);
        var y = Tensor.FromArray([1f, 1f]);
        // max(0, −1·0.5 + 0.3) = 0 and max(0, 0.3 + 0.3) = 0.6.
        Close.Assert(0.3, Losses.MarginRanking(x1, x2, y, 0.3f).Item(), atol: 1e-6, rtol: 1e-6);
        var a = Tensor.FromArray([0f, 0f], 1, 2);
        var p = Tensor.FromArray([3f, 4f], 1, 2);
        var n = Tensor.FromArray([1f, 0f], 1, 2);
        double dap = Math.Sqrt(Math.Pow(-3 + 1e-6, 2) + Math.Pow(-4 + 1e-6, 2)), dan = Math.Sqrt(Math.Pow(-1 + 1e-6, 2) + 1e-12);
        Close.Assert(dap - dan + 1, Losses.TripletMargin(a, p, n).Item(), atol: 1e-5, rtol: 1e-5);
        // Swap: d(p, n) = √(4 + 16) > d(a, n), so the loss is unchanged here; with n far from a and near p it is not.
        Close.Assert(dap - dan + 1, Losses.TripletMargin(a, p, n, swap: true).Item(), atol: 1e-5, rtol: 1e-5);
        var near = Tensor.FromArray([3f, 5f], 1, 2);
        Assert.True(Losses.TripletMargin(a, p, near, swap: true).Item() > Losses.TripletMargin(a, p, near).Item());
    }

    [Fact]
    public void SmoothL1IsHuberOverBeta()
    {
        var x = Tensor.FromArray([0.1f, -0.4f, 2f, -3f]);
        var t = Tensor.Zeros(4);
        var smooth = Losses.SmoothL1(x, t, 0.5f, Reduction.None).ToArray();
        var huber = Losses.Huber(x, t, 0.5f, Reduction.None).ToArray();
        for (int i = 0; i < 4; i++) Close.Assert(huber[i] / 0.5, smooth[i], atol: 1e-6, rtol: 1e-6);
        Assert.Equal(Losses.L1(x, t).Item(), Losses.SmoothL1(x, t, 0f).Item());
    }

    [Fact]
    public void BadRankingInputsAreRejected()
    {
        var v = Tensor.Zeros(3);
        Assert.Throws<ArgumentException>(() => Losses.MarginRanking(v, v, Tensor.FromArray([1f, 0f, -1f])));
        Assert.Throws<ArgumentException>(() => Losses.MarginRanking(v, Tensor.Zeros(2), v));
        Assert.Throws<ArgumentException>(() => Losses.TripletMargin(v, v, v));
        Assert.Throws<ArgumentException>(() => Losses.SmoothL1(v, v, -1f));
    }
}
