using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// Seeded data augmentation for image batches [N, C, H, W]: random shifts (pad then crop) and horizontal flips.
/// Each image draws its own transformation; all channels of an image move together.
/// </summary>
public static class Augmentations
{
    /// <summary>
    /// Shifts each image by a random offset of up to <paramref name="maxShift"/> pixels in each direction, filling
    /// uncovered pixels with <paramref name="fill"/>: the same as zero-padding by maxShift and taking a random crop.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] or maxShift is negative.</exception>
    public static Tensor RandomShift(Tensor images, int maxShift, Generator gen, float fill = 0f)
    {
        var s = ImageBatchShape.Of(images, "RandomShift");
        ArgumentNullException.ThrowIfNull(gen);
        if (maxShift < 0) throw new ArgumentException($"RandomShift: maxShift {maxShift} must be non-negative.");
        var src = images.Storage;
        var dst = Tensor.NewStorage(src.Length);
        dst.AsSpan().Fill(fill);
        for (int n = 0; n < s.Count; n++)
        {
            int dy = gen.NextInt(2 * maxShift + 1) - maxShift;
            int dx = gen.NextInt(2 * maxShift + 1) - maxShift;
            int y0 = Math.Max(0, dy), y1 = Math.Min(s.Height, s.Height + dy);
            int x0 = Math.Max(0, dx), x1 = Math.Min(s.Width, s.Width + dx);
            if (x1 <= x0) continue;
            for (int c = 0; c < s.Channels; c++)
            {
                int plane = (n * s.Channels + c) * s.PlaneSize;
                for (int y = y0; y < y1; y++)
                    src.AsSpan(plane + (y - dy) * s.Width + (x0 - dx), x1 - x0)
                        .CopyTo(dst.AsSpan(plane + y * s.Width + x0, x1 - x0));
            }
        }
        return new Tensor(dst, (int[])images.Shape.Clone());
    }

    /// <summary>Mirrors each image left–right with probability <paramref name="probability"/>.</summary>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] or the probability is outside [0, 1].</exception>
    public static Tensor RandomHorizontalFlip(Tensor images, Generator gen, float probability = 0.5f)
    {
        var s = ImageBatchShape.Of(images, "RandomHorizontalFlip");
        ArgumentNullException.ThrowIfNull(gen);
        if (!(probability >= 0f && probability <= 1f))
            throw new ArgumentException($"RandomHorizontalFlip: probability {probability} is outside [0, 1].");
        var dst = images.ToArray();
        for (int n = 0; n < s.Count; n++)
        {
            if (!(gen.NextFloat() < probability)) continue;
            for (int row = 0; row < s.Channels * s.Height; row++)
                dst.AsSpan((n * s.Channels * s.Height + row) * s.Width, s.Width).Reverse();
        }
        return new Tensor(dst, (int[])images.Shape.Clone());
    }
}
