using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.Optim;

public class ClippingTests
{
    private static Tensor WithGrad(float[] values, float[] grad)
        => new Tensor(values, values.Length) { Grad = Tensor.FromArray(grad) }.RequireGrad();

    private static double GlobalNorm(params Tensor[] ps) => Math.Sqrt(ps.Sum(p => p.Grad!.ToArray().Sum(v => (double)v * v)));

    [Fact]
    public void ClipGradNormScalesToMaxNormAndReturnsTheOldNorm()
    {
        var a = WithGrad([0, 0], [3, 4]);
        var b = WithGrad([0], [12]);
        double norm = Clipping.ClipGradNorm([a, b], maxNorm: 1);
        Assert.Equal(13, norm, 1e-9);
        Assert.Equal(1, GlobalNorm(a, b), 1e-6);
        Close.Assert(3f / 13, a.Grad!.Data[0], atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void ClipGradNormLeavesSmallGradientsAlone()
    {
        var a = WithGrad([0, 0], [0.3f, 0.4f]);
        Assert.Equal(0.5, Clipping.ClipGradNorm([a], maxNorm: 1), 1e-7);
        Assert.Equal([0.3f, 0.4f], a.Grad!.ToArray());
    }

    [Fact]
    public void ClipGradNormInfinityNorm()
    {
        var a = WithGrad([0, 0], [-5, 2]);
        Assert.Equal(5, Clipping.ClipGradNorm([a], maxNorm: 1, normType: double.PositiveInfinity));
        Close.Assert(-1, a.Grad!.Data[0], atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void NonFiniteNormThrowsOrIsReported()
    {
        var a = WithGrad([0, 0], [float.NaN, 1]);
        Assert.Contains("NaN", Assert.Throws<InvalidOperationException>(() => Clipping.ClipGradNorm([a], 1)).Message);
        var b = WithGrad([0, 0], [float.PositiveInfinity, 1]);
        Assert.True(double.IsPositiveInfinity(Clipping.ClipGradNorm([b], 1, nonFinite: NonFiniteNorm.Ignore)));
        Assert.Equal(1f, b.Grad!.Data[1]);
    }

    [Fact]
    public void ClipGradValueAndClipWeightsBoundEveryElement()
    {
        var a = WithGrad([0.5f, -3, 0.001f], [2, -0.1f, -7]);
        Clipping.ClipGradValue([a], 0.5);
        Assert.Equal([0.5f, -0.1f, -0.5f], a.Grad!.ToArray());
        Clipping.ClipWeights([a], 0.01);
        Assert.Equal([0.01f, -0.01f, 0.001f], a.ToArray());
        Assert.Throws<ArgumentException>(() => Clipping.ClipWeights([a], -1));
    }
}
