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
