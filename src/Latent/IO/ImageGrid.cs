using Latent.Tensors;

namespace Latent.IO;

/// <summary>
/// Tiles a batch of images [N, C, H, W] (C = 1 or 3) into one picture of rows × columns cells separated by padding,
/// as torchvision's <c>make_grid</c>: values are mapped from [low, high] to 0 … 255 and clamped; NaN becomes 0.
/// </summary>
/// <example>
/// <code>
/// ImageGrid.Save(samples, "runs/vae/samples/epoch-3.png", columns: 8, low: -1, high: 1);
/// </code>
/// </example>
public static class ImageGrid
{
    /// <summary>Builds the grid image.</summary>
    /// <param name="images">Images [N, C, H, W] with C = 1 (grey) or 3 (RGB), N ≥ 1.</param>
    /// <param name="columns">Images per row; by default ⌈√N⌉.</param>
    /// <param name="low">The value shown as black.</param>
    /// <param name="high">The value shown as white.</param>
    /// <param name="padding">Pixels between cells and around the border.</param>
    /// <param name="paddingValue">The grey level of the padding.</param>
    /// <exception cref="ArgumentException">The shape, range or layout is invalid.</exception>
    public static PngImage Compose(Tensor images, int? columns = null, float low = 0f, float high = 1f, int padding = 2, byte paddingValue = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Shape[0] == 0 || (images.Shape[1] != 1 && images.Shape[1] != 3) || images.Shape[2] == 0 || images.Shape[3] == 0)
            throw new ArgumentException($"ImageGrid: expected images [N, C, H, W] with N ≥ 1 and C = 1 or 3, got {ShapeUtil.Format(images.Shape)}.");
        if (!(high > low)) throw new ArgumentException($"ImageGrid: value range [{low}, {high}] is empty.");
        if (padding < 0) throw new ArgumentException($"ImageGrid: padding {padding} must be non-negative.");
        int n = images.Shape[0], c = images.Shape[1], h = images.Shape[2], w = images.Shape[3];
        int cols = columns ?? (int)Math.Ceiling(Math.Sqrt(n));
        if (cols <= 0) throw new ArgumentException($"ImageGrid: columns {cols} must be positive.");
        cols = Math.Min(cols, n);
        int rows = (n + cols - 1) / cols;
        int width = cols * (w + padding) + padding;
        int height = rows * (h + padding) + padding;
        var pixels = new byte[(long)width * height * c];
        pixels.AsSpan().Fill(paddingValue);

        var src = images.Storage;
        float scale = 255f / (high - low);
        for (int k = 0; k < n; k++)
        {
            int top = padding + k / cols * (h + padding);
            int left = padding + k % cols * (w + padding);
            for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
            {
                int srcRow = ((k * c + ch) * h + y) * w;
                int dstRow = ((top + y) * width + left) * c + ch;
                for (int x = 0; x < w; x++)
                    pixels[dstRow + x * c] = ToByte(src[srcRow + x], low, scale);
            }
        }
        return new PngImage(width, height, c, pixels);
    }

    /// <summary>Builds the grid and writes it as a PNG file (atomically).</summary>
    /// <inheritdoc cref="Compose"/>
    /// <param name="images">Images [N, C, H, W] with C = 1 (grey) or 3 (RGB), N ≥ 1.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="columns">Images per row; by default ⌈√N⌉.</param>
    /// <param name="low">The value shown as black.</param>
    /// <param name="high">The value shown as white.</param>
    /// <param name="padding">Pixels between cells and around the border.</param>
    /// <param name="paddingValue">The grey level of the padding.</param>
    public static void Save(Tensor images, string path, int? columns = null, float low = 0f, float high = 1f, int padding = 2, byte paddingValue = 0)
        => PngWriter.Write(path, Compose(images, columns, low, high, padding, paddingValue));

    private static byte ToByte(float value, float low, float scale)
    {
        float v = (value - low) * scale;
        if (!(v > 0f)) return 0; // also NaN
        return v >= 255f ? (byte)255 : (byte)MathF.Round(v);
    }
}
