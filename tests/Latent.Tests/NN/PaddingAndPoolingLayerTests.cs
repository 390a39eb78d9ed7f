using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class PaddingAndPoolingLayerTests
{
    [Fact]
    public void ReflectionAndReplicationPadMatchHandWrittenRows()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 1, 1, 3);
        Assert.Equal([3f, 2f, 1f, 2f, 3f, 2f, 1f], new ReflectionPad2d(2, 2, 0, 0).Forward(x).ToArray());
        Assert.Equal([1f, 1f, 1f, 2f, 3f, 3f, 3f], new ReplicationPad2d(2, 2, 0, 0).Forward(x).ToArray());
        Assert.Equal([0f, 1f, 2f, 3f, 0f], new ZeroPad2d(1, 1, 0, 0).Forward(x).ToArray());
        var image = Tensor.Arange(6).Reshape(2, 3); // [C, H, W] = [1, 2, 3]
        var padded = new ReflectionPad2d(1).Forward(image.Reshape(1, 2, 3));
        Assert.Equal([1, 4, 5], padded.Shape);
        Assert.Equal([4f, 3f, 4f, 5f, 4f], padded.Select(0, 0).Select(0, 0).ToArray()); // top row mirrors row 1
    }

    [Fact]
    public void ReflectionPadNotSmallerThanTheAxisIsRejected()
    {
        var x = Tensor.Zeros(1, 1, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => new ReflectionPad2d(2).Forward(x));
        Assert.Contains("smaller than axis", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicationPad2d(-1));
        Assert.Throws<ArgumentException>(() => new ReplicationPad2d(1).Forward(Tensor.Zeros(4)));
    }

    [Fact]
    public void ReflectionPadGradientSumsTheMirroredPositions()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 1, 1, 3).RequireGrad();
        var g = Autograd.Grad(new ReflectionPad2d(2, 2, 0, 0).Forward(x).Sum(), x);
        Assert.Equal([2f, 3f, 2f], g.ToArray()); // [3 2 1 2 3 2 1]: x0 twice, x1 three times, x2 twice
    }

    [Fact]
    public void CeilModeKeepsTheLastPartialWindow()
    {
        var x = Tensor.Arange(5).Reshape(1, 1, 5);
        Assert.Equal([1f, 3f], x.MaxPool1d(2).ToArray());
        Assert.Equal([1f, 3f, 4f], new MaxPool1d(2, ceilMode: true).Forward(x).ToArray());
        Assert.Equal([0.5f, 2.5f, 4f], new AvgPool1d(2, ceilMode: true).Forward(x).ToArray()); // the last window divides by 1
        var image = Tensor.Arange(25).Reshape(1, 1, 5, 5);
        Assert.Equal([1, 1, 3, 3], new MaxPool2d(2, ceilMode: true).Forward(image).Shape);
        Assert.Equal([1, 1, 3, 3], new AvgPool2d(2, ceilMode: true).Forward(image).Shape);
    }

    [Fact]
    public void AdaptiveMaxPoolPicksTheFirstMaximumOfEachWindow()
    {
        var x = Tensor.FromArray([1f, 5f, 5f, 0f, 2f, 2f], 1, 1, 2, 3);
        var (y, idx) = x.AdaptiveMaxPool2dWithIndices(1, 2); // column windows [0, 2) and [1, 3)
        Assert.Equal([5f, 5f], y.ToArray());
        Assert.Equal([1f, 1f], idx.ToArray());
        Assert.Equal([1, 1, 1, 2], new AdaptiveMaxPool2d(1, 2).Forward(x).Shape);
        var leaf = x.RequireGrad();
        Assert.Equal([0f, 2f, 0f, 0f, 0f, 0f], Autograd.Grad(leaf.AdaptiveMaxPool2d(1, 2).Sum(), leaf).ToArray());
    }

    [Fact]
    public void CausalConv1dNeverSeesALaterInput()
    {
        var w = Tensor.Randn([2, 1, 3], new Generator(4));
        var x = Tensor.Randn([1, 1, 8], new Generator(5)).RequireGrad();
        var y = x.Conv1d(w, null, 1, (4, 0), dilation: 2);
        Assert.Equal([1, 2, 8], y.Shape);
        var g = Autograd.Grad(y.Select(2, 3).Sum(), x).ToArray(); // output step 3 depends on inputs 3, 1 only
        for (int t = 4; t < 8; t++) Assert.Equal(0f, g[t]);
        Assert.NotEqual(0f, g[3]);
        Assert.Throws<ArgumentException>(() => x.Conv1d(w, null, 1, (-1, 0)));
    }
}

public class CausalConvLayerTests
{
    [Fact]
    public void CausalConv1dLayerKeepsTheLengthAndLooksOnlyBack()
    {
        var layer = Conv1d.Causal(2, 3, 3, new Generator(9), dilation: 2);
        Assert.Equal((4, 0), layer.SidePadding);
        var x = Tensor.Randn([1, 2, 7], new Generator(10)).RequireGrad();
        var y = layer.Forward(x);
        Assert.Equal([1, 3, 7], y.Shape);
        var g = Autograd.Grad(y.Select(2, 2).Sum(), x).ToArray();
        for (int c = 0; c < 2; c++)
            for (int t = 3; t < 7; t++) Assert.Equal(0f, g[c * 7 + t]);
        // Same weights through the symmetric layer on a left-padded input give the same outputs.
        var symmetric = new Conv1d(2, 3, 3, new Generator(9), dilation: 2);
        var expected = symmetric.Forward(x.PadAxis(2, 4, 0));
        for (int i = 0; i < y.Size; i++) Close.Assert(expected.Data[i], y.Data[i], atol: 1e-6, rtol: 1e-6);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1d(2, 3, 3, new Generator(1), 1, (-1, 0)));
    }
}
