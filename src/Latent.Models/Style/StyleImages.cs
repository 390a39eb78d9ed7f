using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>Photographs in and out of the Style family: PNG files as RGB tensors [1, 3, H, W] in [0, 1], and back.</summary>
public static class StyleImages
{
    /// <summary>
    /// Reads an 8-bit grey or RGB PNG as [1, 3, H, W] in [0, 1] (grey replicated to R, G and B), scaled so that its
    /// longer side is <paramref name="longSide"/> pixels (null: kept as it is).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not an 8-bit grey or RGB PNG.</exception>
    /// <exception cref="ArgumentException"><paramref name="longSide"/> is below 8.</exception>
    public static Tensor Load(string path, int? longSide = null) => Load(path, longSide, 1);

    /// <summary>
    /// Reads a PNG like <see cref="Load(string, int?)"/>, with both sides rounded to the nearest multiple of
    /// <paramref name="multiple"/> (at least one multiple): what a network's <see cref="IImageFeatureNetwork.SizeMultiple"/> asks for.
    /// </summary>
    public static Tensor Load(string path, int? longSide, int multiple)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"image '{path}' does not exist.", path);
        var png = PngReader.Read(path);
        var values = new float[3 * png.Height * png.Width];
        int plane = png.Height * png.Width;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < png.Height; y++)
                for (int x = 0; x < png.Width; x++)
                    values[c * plane + y * png.Width + x] = png[x, y, Math.Min(c, png.Channels - 1)] / 255f;
        var image = Tensor.FromArray(values, [1, 3, png.Height, png.Width]);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(multiple);
        double scale = longSide is int side ? (double)side / Math.Max(png.Height, png.Width) : 1;
        int Round(int n) => Math.Max(multiple, (int)Math.Round(n * scale / multiple) * multiple);
        int height = Round(png.Height), width = Round(png.Width);
        return height == png.Height && width == png.Width ? image : Resize(image, height, width);
    }

    /// <summary>
    /// Resizes images [N, C, H, W] to <paramref name="height"/> × <paramref name="width"/>: an area average first when
    /// shrinking by two or more (so that fine texture does not alias), then bilinear interpolation. Differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, C, H, W] or a size is below 8.</exception>
    public static Tensor Resize(Tensor images, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4) throw new ArgumentException($"Resize takes images [N, C, H, W], got {Common.ShapeText.Format(images.Shape)}.", nameof(images));
        if (height < 8 || width < 8) throw new ArgumentException($"image size {height} × {width} is too small: each side must be at least 8 pixels.");
        int factor = Math.Min(images.Shape[2] / height, images.Shape[3] / width);
        var x = factor >= 2 ? images.AvgPool2d(factor) : images;
        return x.Shape[2] == height && x.Shape[3] == width ? x : x.UpsampleBilinear(height, width);
    }

    /// <summary>Writes images [N, 1 or 3, H, W] (values clamped to [0, 1]) as one PNG, side by side with a 2-pixel white gap when N &gt; 1.</summary>
    public static void Save(Tensor images, string path, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        using var _ = Autograd.NoGrad();
        bool single = images.Shape[0] == 1;
        ImageGrid.Save(images.Detach().Clamp(0f, 1f), path, columns, padding: single ? 0 : 2, paddingValue: 255);
    }
}
