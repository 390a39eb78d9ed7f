namespace Latent.IO;

/// <summary>An 8-bit image in memory: greyscale (1 channel) or RGB (3 channels), rows top to bottom, channels interleaved.</summary>
public sealed class PngImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The size is not positive, channels is not 1 or 3, or the pixel count is wrong.</exception>
    public PngImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"PngImage: size {width}×{height} must be positive.");
        if (channels != 1 && channels != 3)
            throw new ArgumentException($"PngImage: {channels} channels given; only 1 (grey) and 3 (RGB) are supported.");
        if ((long)width * height * channels != pixels.Length)
            throw new ArgumentException($"PngImage: {width}×{height}×{channels} needs {(long)width * height * channels} bytes, got {pixels.Length}.");
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 for greyscale, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>The samples, row-major with interleaved channels (length Width·Height·Channels).</summary>
    public byte[] Pixels { get; }

    /// <summary>The sample at (x, y) in channel <paramref name="channel"/>.</summary>
    public byte this[int x, int y, int channel = 0] => Pixels[(y * Width + x) * Channels + channel];
}
