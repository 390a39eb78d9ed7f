using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class ResidualTests
{
    [Fact]
    public void ResidualAddsTheBody()
    {
        var gen = new Generator(1);
        var body = new Linear(3, 3, gen);
        var block = new Residual(body);
        var x = Tensor.Randn([4, 3], gen);
        NnAssert.Close(x + body.Forward(x), block.Forward(x));
        Assert.Equal(["body.weight", "body.bias"], block.NamedParameters().Select(p => p.Name));
        Assert.Contains("keep the shape", Assert.Throws<InvalidOperationException>(() => new Residual(new Linear(3, 2, gen)).Forward(x)).Message);
    }

    [Fact]
    public void MlpBlockMatchesItsDefinitionAndGradients()
    {
        var gen = new Generator(2);
        var block = new ResidualMlpBlock(3, 5, gen, new Tanh());
        Assert.Equal(["body.0.weight", "body.0.bias", "body.2.weight", "body.2.bias"], block.NamedParameters().Select(p => p.Name));
        var x = NnAssert.Leaf(3, 2, 3);
        var p = block.Parameters().ToArray();
        var expected = x + x.Linear(p[0], p[1]).Tanh().Linear(p[2], p[3]);
        NnAssert.Close(expected, block.Forward(x));
        GradCheck.Check(xs => block.Forward(xs[0]), [x, p[0]]);
    }
}
