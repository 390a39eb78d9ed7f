using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class LinearTests
{
    [Fact]
    public void ForwardMatchesLoops()
    {
        var layer = new Linear(3, 2, new Generator(1));
        var x = Tensor.Randn([4, 3], new Generator(2));
        var w = layer.Weight;
        var b = layer.Bias!;
        var expected = new double[8];
        for (int n = 0; n < 4; n++)
            for (int o = 0; o < 2; o++)
            {
                double s = b[o];
                for (int i = 0; i < 3; i++) s += x[n, i] * (double)w[o, i];
                expected[n * 2 + o] = s;
            }
        NnAssert.Close(expected, layer.Forward(x));
    }

    [Fact]
    public void BatchesOverLeadingAxesAndChecksTheLastOne()
    {
        var layer = new Linear(3, 2, new Generator(3), bias: false);
        Assert.Null(layer.Bias);
        Assert.Equal(["weight"], layer.NamedParameters().Select(p => p.Name));
        Assert.Equal([2, 5, 2], layer.Forward(Tensor.Ones(2, 5, 3)).Shape);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Ones(2, 4)));
        Assert.Contains("[*, 3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void InitializationStaysInPyTorchBounds()
    {
        var layer = new Linear(100, 50, new Generator(4));
        float bound = 1f / MathF.Sqrt(100);
        Assert.All(layer.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(layer.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        double std = Math.Sqrt(layer.Weight.ToArray().Select(v => (double)v * v).Average());
        Assert.InRange(std, 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var layer = new Linear(3, 2, new Generator(5));
        var x = NnAssert.Leaf(6, 4, 3);
        GradCheck.Check(xs => layer.Forward(xs[0]), [x, layer.Weight, layer.Bias!]);
    }
}
