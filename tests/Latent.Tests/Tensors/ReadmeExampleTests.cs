using Latent.Tensors;

namespace Latent.Tests.Tensors;

/// <summary>The engine example in README.md, kept runnable.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeEngineExampleRuns()
    {
        var gen = new Generator(seed: 1);
        var w = Tensor.Randn([784, 10], gen, std: 0.01f).RequireGrad();
        var x = Tensor.Rand([128, 784], gen);
        var labels = Tensor.RandInt(0, 10, [128, 1], gen);

        var logits = x.MatMul(w);
        var loss = -logits.LogSoftmax(-1).Gather(1, labels).Mean();
        loss.Backward();
        Assert.Equal(w.Shape, w.Grad!.Shape);
        Close.Assert(Math.Log(10), loss.Item(), atol: 0.1, what: "initial cross-entropy");

        var xr = x.Detach().RequireGrad();
        var g = Autograd.Grad(xr.MatMul(w).Tanh().Sum(), xr, createGraph: true);
        var penalty = (g.Norm(2, [1]) - 1f).Square().Mean();
        var before = w.Grad!.ToArray();
        penalty.Backward();
        Assert.NotEqual(before, w.Grad!.ToArray());
    }
}
