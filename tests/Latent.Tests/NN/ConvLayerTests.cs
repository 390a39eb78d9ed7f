using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class ConvLayerTests
{
    [Fact]
    public void LayersHavePyTorchShapesAndInitBounds()
    {
        var gen = new Generator(1);
        var conv = new Conv2d(3, 8, 4, gen, stride: 2, padding: 1);
        Assert.Equal([8, 3, 4, 4], conv.Weight.Shape);
        float bound = 1f / MathF.Sqrt(3 * 16);
        Assert.All(conv.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        var convT = new ConvTranspose2d(8, 4, 4, gen, stride: 2, padding: 1, bias: false);
        Assert.Equal([8, 4, 4, 4], convT.Weight.Shape);
        Assert.Null(convT.Bias);
        Assert.Equal(["weight"], convT.NamedParameters().Select(p => p.Name));
        Assert.Equal([4, 3, 7], new Conv1d(6, 4, 7, gen, groups: 2).Weight.Shape);
    }

    [Fact]
    public void ForwardMatchesTheFunctionalOps()
    {
        var gen = new Generator(2);
        var x = Tensor.Randn([2, 4, 9, 9], gen);
        var conv = new Conv2d(4, 6, 3, gen, stride: 2, padding: 1, groups: 2);
        Assert.Equal(x.Conv2d(conv.Weight, conv.Bias, 2, 1, 1, 2).ToArray(), conv.Forward(x).ToArray());
        var convT = new ConvTranspose2d(4, 2, 4, gen, stride: 2, padding: 1);
        var y = convT.Forward(x);
        Assert.Equal([2, 2, 18, 18], y.Shape);
        Assert.Equal([2, 4, 3, 3], new MaxPool2d(3).Forward(x).Shape);
        Assert.Equal([2, 4, 2, 5], new AdaptiveAvgPool2d(2, 5).Forward(x).Shape);
        Assert.Equal([2, 4, 18, 18], new Upsample(2, UpsampleMode.Bilinear).Forward(x).Shape);
        var block = new ResidualConvBlock(4, gen);
        Assert.Equal(x.Shape, block.Forward(x).Shape);
    }

    [Fact]
    public void WrongInputChannelsGiveAClearError()
    {
        var conv = new Conv2d(3, 8, 3, new Generator(3));
        var ex = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(1, 4, 8, 8)));
        Assert.Contains("[N, 3, H, W]", ex.Message);
        Assert.Contains("[1, 4, 8, 8]", ex.Message);
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 8, 3, new Generator(3), groups: 2));
    }

    [Fact]
    public void SmallCnnLearnsToSeparateTwoPatterns()
    {
        // Horizontal vs vertical bars in noise: a conv net must drive the loss down quickly.
        var gen = new Generator(4);
        var x = Tensor.Randn([32, 1, 8, 8], gen, std: 0.3f);
        var labels = new float[32];
        for (int n = 0; n < 32; n++)
        {
            labels[n] = n % 2;
            for (int i = 0; i < 8; i++)
                if (n % 2 == 0) x[n, 0, 3, i] += 2f; else x[n, 0, i, 3] += 2f;
        }
        var target = Tensor.FromArray(labels);
        var net = new Sequential(new Conv2d(1, 4, 3, gen, padding: 1), new Relu(), new MaxPool2d(2),
            new Conv2d(4, 4, 3, gen, padding: 1), new Relu(), new GlobalAvgPool2d(), new Flatten(), new Linear(4, 2, gen));
        var opt = new Adam(net.Parameters(), lr: 0.02);
        float first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            opt.ZeroGrad();
            var loss = Losses.CrossEntropy(net.Forward(x), target);
            loss.Backward();
            opt.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(last < 0.3f * first, $"loss went from {first} to {last}");
    }
}
