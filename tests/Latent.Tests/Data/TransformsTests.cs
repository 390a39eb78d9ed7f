using Latent.Data;
using Latent.Tensors;

namespace Latent.Tests.Data;

public class TransformsTests
{
    private static Tensor Ramp(params int[] shape)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        return new Tensor(Enumerable.Range(0, size).Select(i => (i % 256) / 255f).ToArray(), shape);
    }

    [Fact]
    public void RescaleMapsRangesBothWays()
    {
        var x = new Tensor([0f, 0.5f, 1f], 3);
        Assert.Equal([-1f, 0f, 1f], Transforms.ToSigned(x).ToArray());
        Assert.Equal(x.ToArray(), Transforms.ToUnit(Transforms.ToSigned(x)).ToArray());
        Assert.Throws<ArgumentException>(() => Transforms.Rescale(x, 1, 1, 0, 1));
    }

    [Fact]
    public void BinarizeUsesTheThreshold()
    {
        var x = new Tensor([0.1f, 0.5f, 0.51f, 0.9f], 4);
        Assert.Equal([0f, 0f, 1f, 1f], Transforms.Binarize(x).ToArray());
        Assert.Equal([0f, 1f, 1f, 1f], Transforms.Binarize(x, 0.2f).ToArray());
    }

    [Fact]
    public void StochasticBinarizeIsSeededAndUnbiased()
    {
        var x = Tensor.Full(0.3f, 20000);
        var a = Transforms.StochasticBinarize(x, new Generator(5));
        var b = Transforms.StochasticBinarize(x, new Generator(5));
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.All(a.ToArray(), v => Assert.True(v is 0f or 1f));
        Assert.InRange(a.ToArray().Average(), 0.28, 0.32);
        Assert.All(Transforms.StochasticBinarize(new Tensor([0f, 1f], 2), new Generator(1)).ToArray().Select((v, i) => (v, i)),
            p => Assert.Equal(p.i, p.v));
    }

    [Fact]
    public void DequantizeStaysInsideTheQuantizationBin()
    {
        var x = Ramp(2, 1, 8, 16);
        var y = Transforms.Dequantize(x, new Generator(3));
        var xs = x.ToArray();
        var ys = y.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.InRange(ys[i], 0f, 1f);
            Assert.Equal(MathF.Round(xs[i] * 255f), MathF.Floor(ys[i] * 256f));
        }
    }

    [Fact]
    public void FlattenKeepsTheBatchAxis()
    {
        Assert.Equal([3, 12], Transforms.Flatten(Ramp(3, 1, 3, 4)).Shape);
        Assert.Equal([0, 0], Transforms.Flatten(Tensor.Zeros(0, 1, 2, 2)).Shape);
    }

    [Fact]
    public void RandomShiftMovesContentByAtMostK()
    {
        var x = Tensor.Zeros(50, 1, 9, 9);
        for (int n = 0; n < 50; n++) x[n, 0, 4, 4] = 1f;
        var y = Augmentations.RandomShift(x, 2, new Generator(9));
        var seen = new HashSet<(int, int)>();
        for (int n = 0; n < 50; n++)
        {
            float total = 0;
            for (int r = 0; r < 9; r++)
            for (int c = 0; c < 9; c++)
            {
                if (y[n, 0, r, c] == 0f) continue;
                total += y[n, 0, r, c];
                Assert.InRange(r - 4, -2, 2);
                Assert.InRange(c - 4, -2, 2);
                seen.Add((r, c));
            }
            Assert.Equal(1f, total);
        }
        Assert.True(seen.Count > 10, "shifts should vary between images");
        Assert.Equal(x.ToArray(), Augmentations.RandomShift(x, 0, new Generator(1)).ToArray());
    }

    [Fact]
    public void RandomShiftFillsUncoveredPixels()
    {
        var y = Augmentations.RandomShift(Tensor.Ones(20, 2, 5, 5), 3, new Generator(4), fill: -1f);
        Assert.Contains(-1f, y.ToArray());
        Assert.All(y.ToArray(), v => Assert.True(v is 1f or -1f));
    }

    [Fact]
    public void HorizontalFlipMirrorsEveryChannel()
    {
        var x = Ramp(2, 3, 4, 5);
        var flipped = Augmentations.RandomHorizontalFlip(x, new Generator(0), probability: 1f);
        Assert.Equal(x[1, 2, 3, 0], flipped[1, 2, 3, 4]);
        Assert.Equal(x.ToArray(), Augmentations.RandomHorizontalFlip(flipped, new Generator(0), 1f).ToArray());
        Assert.Equal(x.ToArray(), Augmentations.RandomHorizontalFlip(x, new Generator(0), 0f).ToArray());
        Assert.Throws<ArgumentException>(() => Augmentations.RandomHorizontalFlip(Tensor.Zeros(3, 4), new Generator(0)));
    }

    [Fact]
    public void GaussianNoiseHasTheRequestedSpreadAndClamps()
    {
        var x = Tensor.Full(0.5f, 20000);
        var y = Corruptions.GaussianNoise(x, 0.1f, new Generator(2)).ToArray();
        double mean = y.Average();
        double std = Math.Sqrt(y.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 0.49, 0.51);
        Assert.InRange(std, 0.095, 0.105);
        Assert.All(Corruptions.GaussianNoise(x, 5f, new Generator(2), 0f, 1f).ToArray(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void MaskingNoiseZeroesAboutTheFraction()
    {
        var y = Corruptions.MaskingNoise(Tensor.Ones(10000), 0.25f, new Generator(7)).ToArray();
        Assert.InRange(y.Count(v => v == 0f), 2300, 2700);
        Assert.All(y, v => Assert.True(v is 0f or 1f));
        Assert.Throws<ArgumentException>(() => Corruptions.MaskingNoise(Tensor.Ones(3), 1.5f, new Generator(0)));
    }

    [Fact]
    public void SaltAndPepperUsesBothExtremes()
    {
        var y = Corruptions.SaltAndPepper(Tensor.Full(0.5f, 10000), 0.2f, new Generator(8)).ToArray();
        Assert.InRange(y.Count(v => v == 0f), 800, 1200);
        Assert.InRange(y.Count(v => v == 1f), 800, 1200);
        Assert.Equal(10000, y.Count(v => v is 0f or 1f or 0.5f));
    }

    [Fact]
    public void RectangularHolesReturnImageAndMatchingMask()
    {
        var x = Tensor.Ones(6, 3, 10, 12);
        var (image, mask) = Corruptions.RectangularHoles(x, 4, 5, new Generator(11), fill: 0f);
        Assert.Equal(x.Shape, image.Shape);
        Assert.Equal(x.Shape, mask.Shape);
        var img = image.ToArray();
        var m = mask.ToArray();
        Assert.Equal(img, m); // image of ones: kept pixels are 1, hole pixels 0 in both
        for (int n = 0; n < 6; n++)
            Assert.Equal(3 * 4 * 5, m.Skip(n * 360).Take(360).Count(v => v == 0f));
        Assert.Throws<ArgumentException>(() => Corruptions.RectangularHoles(x, 11, 1, new Generator(0)));
    }
}
