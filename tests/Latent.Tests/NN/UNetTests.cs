using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class UNetTests
{
    [Fact]
    public void SkipsJoinMapsOfTheSameResolution()
    {
        var net = new UNet(1, 1, new Generator(1), baseChannels: 8, depth: 2);
        var x = Tensor.Rand([2, 1, 28, 28], new Generator(2));
        var (output, skips) = net.ForwardWithSkips(x);
        Assert.Equal([2, 1, 28, 28], output.Shape);
        // Innermost first: 7×7 (down-step 2 beside the bottleneck), 14×14 (down-step 1), then the input at 28×28.
        Assert.Equal([7, 14, 28], skips.Select(s => s.Encoder.Shape[2]).ToArray());
        Assert.All(skips, s => Assert.Equal(s.Encoder.Shape[2..], s.Decoder.Shape[2..]));
        Assert.Same(x, skips[^1].Encoder);
    }

    [Fact]
    public void SkipsCarryTheInputPastADeadBottleneck()
    {
        // Zeroing the bottleneck makes its output 0 whatever the input: only the skips can still bring the input
        // to the output, so the output must still depend on it.
        var net = new UNet(1, 1, new Generator(3), baseChannels: 8, depth: 2, dropout: 0);
        foreach (var (name, p) in net.NamedParameters())
            if (name.StartsWith("bottleneck.", StringComparison.Ordinal)) p.Data.Clear();
        var a = net.Forward(Tensor.Rand([1, 1, 28, 28], new Generator(4))).ToArray();
        var b = net.Forward(Tensor.Rand([1, 1, 28, 28], new Generator(5))).ToArray();
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the output no longer depends on the input");
        var inner = net.ForwardWithSkips(Tensor.Rand([1, 1, 28, 28], new Generator(6))).Skips[0].Decoder;
        Assert.All(inner.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void DropoutIsNoiseInTrainingModeOnly()
    {
        var net = new UNet(1, 1, new Generator(7), baseChannels: 8, depth: 2, dropout: 0.5f);
        var x = Tensor.Rand([1, 1, 28, 28], new Generator(8));
        var first = net.Forward(x).ToArray();
        Assert.NotEqual(first, net.Forward(x).ToArray());
        net.Eval();
        Assert.Equal(net.Forward(x).ToArray(), net.Forward(x).ToArray());
    }

    [Fact]
    public void ImagesThatCannotBeHalvedEnoughAreRejected()
    {
        var net = new UNet(1, 1, new Generator(9), baseChannels: 4, depth: 2);
        var e = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(1, 1, 30, 30)));
        Assert.Contains("divisible by 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(1, 2, 28, 28)));
        Assert.Contains("[N, 1, H, W]", e.Message);
    }
}
