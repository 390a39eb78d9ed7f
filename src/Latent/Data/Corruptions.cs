using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// Seeded input corruptions for denoising autoencoders and inpainting: additive Gaussian noise, masking noise,
/// salt-and-pepper noise and rectangular holes. Each returns a new tensor and leaves its input unchanged.
/// </summary>
public static class Corruptions
{
    /// <summary>Adds N(0, std²) noise to every value, optionally clamping the result to [clampLow, clampHigh].</summary>
    /// <exception cref="ArgumentException"><paramref name="std"/> is negative.</exception>
    public static Tensor GaussianNoise(Tensor x, float std, Generator gen, float clampLow = float.NegativeInfinity, float clampHigh = float.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        if (!(std >= 0f)) throw new ArgumentException($"GaussianNoise: std {std} must be non-negative.");
        var dst = Tensor.NewStorage(x.Size);
        gen.FillNormal(dst, 0f, std);
        var src = x.Storage;
        for (int i = 0; i < dst.Length; i++) dst[i] = Math.Clamp(src[i] + dst[i], clampLow, clampHigh);
        return new Tensor(dst, (int[])x.Shape.Clone());
    }

    /// <summary>Masking noise: sets each value to zero independently with probability <paramref name="fraction"/>.</summary>
    /// <exception cref="ArgumentException">The fraction is outside [0, 1].</exception>
    public static Tensor MaskingNoise(Tensor x, float fraction, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        CheckFraction(fraction, "MaskingNoise");
        return ElementwiseMap.Apply(x, v => gen.NextFloat() < fraction ? 0f : v);
    }

    /// <summary>
    /// Salt-and-pepper noise: each value is replaced with probability <paramref name="fraction"/>, by
    /// <paramref name="low"/> or <paramref name="high"/> with equal chance.
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is outside [0, 1].</exception>
    public static Tensor SaltAndPepper(Tensor x, float fraction, Generator gen, float low = 0f, float high = 1f)
    {
        ArgumentNullException.ThrowIfNull(gen);
        CheckFraction(fraction, "SaltAndPepper");
        return ElementwiseMap.Apply(x, v =>
        {
            float u = gen.NextFloat();
            return u >= fraction ? v : u < 0.5f * fraction ? low : high;
        });
    }

    /// <summary>
    /// Cuts one rectangular hole of <paramref name="holeHeight"/> × <paramref name="holeWidth"/> pixels at a random
    /// position in each image of [N, C, H, W], filling it with <paramref name="fill"/>.
    /// </summary>
    /// <returns>The corrupted images and a mask of the same shape: 1 where a pixel is kept, 0 inside the hole.</returns>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] or the hole does not fit in an image.</exception>
    public static (Tensor Image, Tensor Mask) RectangularHoles(Tensor images, int holeHeight, int holeWidth, Generator gen, float fill = 0f)
    {
        var s = ImageBatchShape.Of(images, "RectangularHoles");
        ArgumentNullException.ThrowIfNull(gen);
        if (holeHeight < 0 || holeWidth < 0 || holeHeight > s.Height || holeWidth > s.Width)
            throw new ArgumentException($"RectangularHoles: a {holeHeight}×{holeWidth} hole does not fit in {s.Height}×{s.Width} images.");
        var image = images.ToArray();
        var mask = new float[image.Length];
        mask.AsSpan().Fill(1f);
        for (int n = 0; n < s.Count; n++)
        {
            int top = gen.NextInt(s.Height - holeHeight + 1);
            int left = gen.NextInt(s.Width - holeWidth + 1);
            for (int c = 0; c < s.Channels; c++)
            {
                int plane = (n * s.Channels + c) * s.PlaneSize;
                for (int y = top; y < top + holeHeight; y++)
                {
                    image.AsSpan(plane + y * s.Width + left, holeWidth).Fill(fill);
                    mask.AsSpan(plane + y * s.Width + left, holeWidth).Clear();
                }
            }
        }
        var shape = images.Shape;
        return (new Tensor(image, (int[])shape.Clone()), new Tensor(mask, (int[])shape.Clone()));
    }

    private static void CheckFraction(float fraction, string op)
    {
        if (!(fraction >= 0f && fraction <= 1f))
            throw new ArgumentException($"{op}: fraction {fraction} is outside [0, 1].");
    }
}
