using Latent.Models.Siamese;
using Latent.Tensors;

namespace Latent.Tests.Models.Siamese;

public class AffineDistortionTests
{
    /// <summary>A centred Gaussian blob [n, 1, 28, 28] (σ = 3 pixels), well inside the frame.</summary>
    private static Tensor Blob(int n)
    {
        var pixels = new float[n * 28 * 28];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    pixels[i * 784 + y * 28 + x] = MathF.Exp(-((x - 13.5f) * (x - 13.5f) + (y - 13.5f) * (y - 13.5f)) / 18f);
        return Tensor.FromArray(pixels, n, 1, 28, 28);
    }

    [Fact]
    public void WithProbabilityZeroTheImagesAreUnchanged()
    {
        var images = Tensor.Rand([3, 2, 8, 6], new Generator(1));
        var same = new AffineDistortion { Probability = 0 }.Apply(images, new Generator(2));
        Assert.Equal(images.ToArray(), same.ToArray());
    }

    [Fact]
    public void APureShiftMovesTheBlobAndARotationKeepsItsInkAndCentre()
    {
        // Only a shift, always applied: the blob's centre of mass moves by at most 2 pixels and its ink is kept.
        var blob = Blob(8);
        var shifted = new AffineDistortion { MaxRotationDegrees = 0, MaxShear = 0, MaxScaleChange = 0, Probability = 1 }.Apply(blob, new Generator(3));
        // Only a rotation: a rotation about the centre maps the round blob onto itself.
        var rotated = new AffineDistortion { MaxShear = 0, MaxScaleChange = 0, MaxShift = 0, Probability = 1 }.Apply(blob, new Generator(4));
        double ink = blob.Select(0, 0).Sum().Item();
        for (int i = 0; i < 8; i++)
        {
            var (cx, cy) = CentreOfMass(shifted.Select(0, i));
            Assert.InRange(Math.Abs(cx - 13.5), 0, 2.0001);
            Assert.InRange(Math.Abs(cy - 13.5), 0, 2.0001);
            Assert.Equal(ink, shifted.Select(0, i).Sum().Item(), ink * 0.01);
            Assert.Equal(ink, rotated.Select(0, i).Sum().Item(), ink * 0.01);
            Assert.True((rotated.Select(0, i) - blob.Select(0, i)).Abs().Max().Item() < 0.03f, $"image {i}: rotation changed the round blob");
        }
        Assert.True((shifted - blob).Abs().Max().Item() > 0.05f, "no shift was applied");
    }

    [Fact]
    public void ScalingAndShearChangeTheImageWithinKochsRanges()
    {
        var blob = Blob(16);
        var distorted = new AffineDistortion { Probability = 1 }.Apply(blob, new Generator(5));
        double ink = blob.Select(0, 0).Sum().Item();
        for (int i = 0; i < 16; i++)
        {
            // The area changes by |det M| = scaleX·scaleY·(1 − ρxρy) ∈ [0.8²·0.91, 1.2²·1.09].
            double ratio = distorted.Select(0, i).Sum().Item() / ink;
            Assert.InRange(ratio, 0.8 * 0.8 * 0.91 - 0.01, 1.2 * 1.2 * 1.09 + 0.01);
        }
        Assert.Equal(distorted.ToArray(), new AffineDistortion { Probability = 1 }.Apply(blob, new Generator(5)).ToArray());
    }

    [Fact]
    public void BadRangesAndShapesAreRefused()
    {
        var gen = new Generator(1);
        Assert.Contains("[N, C, H, W]", Assert.Throws<ArgumentException>(() => new AffineDistortion().Apply(Tensor.Zeros(2, 28, 28), gen)).Message);
        Assert.Contains("probability", Assert.Throws<ArgumentException>(() => new AffineDistortion { Probability = 2 }.Apply(Tensor.Zeros(1, 1, 4, 4), gen)).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => new AffineDistortion { MaxShear = -1 }.Apply(Tensor.Zeros(1, 1, 4, 4), gen)).Message);
    }

    private static (double X, double Y) CentreOfMass(Tensor image)
    {
        var v = image.ToArray();
        double total = 0, sx = 0, sy = 0;
        for (int k = 0; k < 784; k++) { total += v[k]; sx += v[k] * (k % 28); sy += v[k] * (k / 28); }
        return (sx / total, sy / total);
    }
}
