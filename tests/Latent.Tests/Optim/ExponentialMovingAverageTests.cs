using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.Optim;

public class ExponentialMovingAverageTests
{
    [Fact]
    public void MatchesTheRecurrence()
    {
        var p = Tensor.FromArray([1f, -2f]);
        var ema = new ExponentialMovingAverage([p], decay: 0.9);
        double[] shadow = [1, -2];
        for (int k = 1; k <= 5; k++)
        {
            p.Data[0] = k;
            p.Data[1] = -2f * k * k;
            ema.Update();
            shadow[0] = 0.9 * shadow[0] + 0.1 * k;
            shadow[1] = 0.9 * shadow[1] + 0.1 * (-2.0 * k * k);
        }
        Assert.Equal(shadow[0], ema.Shadow[0].Data[0], 1e-5);
        Assert.Equal(shadow[1], ema.Shadow[0].Data[1], 1e-5);
        Assert.Equal(5, ema.NumUpdates);
    }

    [Fact]
    public void WarmupUsesTheSmallerDecayEarly()
    {
        var p = Tensor.FromArray([0f]);
        var ema = new ExponentialMovingAverage([p], decay: 0.999, warmup: true);
        p.Data[0] = 1;
        ema.Update();  // decay = min(0.999, 1/10) = 0.1
        Close.Assert(0.9f, ema.Shadow[0].Data[0], atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void StoreCopyToRestoreSwapsWeights()
    {
        var p = Tensor.FromArray([0f]);
        var ema = new ExponentialMovingAverage([p], decay: 0.5);
        p.Data[0] = 4;
        ema.Update();
        ema.Store();
        ema.CopyTo();
        Assert.Equal(2f, p.Data[0]);
        ema.Restore();
        Assert.Equal(4f, p.Data[0]);
        Assert.Throws<InvalidOperationException>(() => ema.Restore());
    }

    [Fact]
    public void StateRoundTrips()
    {
        var p = Tensor.FromArray([3f]);
        var ema = new ExponentialMovingAverage([p], decay: 0.5);
        p.Data[0] = 5;
        ema.Update();
        var other = new ExponentialMovingAverage([Tensor.FromArray([0f])], decay: 0.5);
        other.LoadStateDict(ema.StateDict());
        Assert.Equal(4f, other.Shadow[0].Data[0]);
        Assert.Equal(1, other.NumUpdates);
        Assert.Throws<ArgumentException>(() => ema.Update([Tensor.Zeros(2)]));
    }
}
