using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class DropoutEmbeddingTests
{
    [Fact]
    public void DropoutKeepsTheMeanAndZeroesAboutP()
    {
        var dropout = new Dropout(0.3f, new Generator(1));
        var x = Tensor.Ones(100_000);
        var y = dropout.Forward(x).ToArray();
        double zeros = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeros, 0.29, 0.31);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.7) < 1e-5));
        Assert.InRange(y.Average(v => (double)v), 0.98, 1.02);
    }

    [Fact]
    public void DropoutIsIdentityInEvalAndPassesGradientThroughKeptElements()
    {
        var dropout = new Dropout(0.5f, new Generator(2));
        var x = NnAssert.Leaf(3, 4, 5);
        dropout.Eval();
        Assert.Same(x, dropout.Forward(x));
        dropout.Train();
        var y = dropout.Forward(x);
        y.Sum().Backward();
        for (int i = 0; i < x.Size; i++) Assert.Equal(y.Data[i] == 0 ? 0f : 2f, x.Grad!.Data[i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f, new Generator(0)));
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndScattersGradients()
    {
        var emb = new Embedding(5, 3, new Generator(4), paddingIndex: 0);
        Assert.All(emb.Weight.ToArray().Take(3), v => Assert.Equal(0f, v));
        var ids = Tensor.FromArray([2f, 4f, 2f, 0f], 2, 2);
        var y = emb.Forward(ids);
        Assert.Equal([2, 2, 3], y.Shape);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(emb.Weight[2, k], y[0, 0, k]);
            Assert.Equal(emb.Weight[4, k], y[0, 1, k]);
        }
        y.Sum().Backward();
        var grad = emb.Weight.Grad!;
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 2f, 2f, 2f, 0f, 0f, 0f, 1f, 1f, 1f], grad.ToArray());
        Assert.Throws<ArgumentException>(() => emb.Forward([5]));
        Assert.Throws<ArgumentException>(() => emb.Forward(Tensor.FromArray([1.5f])));
    }

    [Fact]
    public void FlattenAndUnflattenAreInverse()
    {
        var x = Tensor.Randn([2, 3, 4, 5], new Generator(5));
        var flat = new Flatten().Forward(x);
        Assert.Equal([2, 60], flat.Shape);
        var back = new Unflatten(1, 3, 4, 5).Forward(flat);
        Assert.Equal(x.ToArray(), back.ToArray());
        Assert.Equal([2, 3, 4, 5], back.Shape);
        Assert.Contains("[3, 7]", Assert.Throws<ArgumentException>(() => new Unflatten(1, 3, 7).Forward(flat)).Message);
    }
}
