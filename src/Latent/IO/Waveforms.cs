using Latent.Tensors;

namespace Latent.IO;

/// <summary>A picture of audio clips: one strip per clip, each pixel column the range (min to max) of the samples it covers.</summary>
public static class Waveforms
{
    /// <summary>The picture of clips [N, 1, T] (values in [−1, 1]), <paramref name="width"/> pixels wide and <paramref name="stripHeight"/> per clip.</summary>
    public static PngImage Compose(Tensor clips, int width = 800, int stripHeight = 80)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Rank != 3 || clips.Shape[1] != 1) throw new ArgumentException($"Waveforms: expected clips [N, 1, T], got [{string.Join(", ", clips.Shape)}].", nameof(clips));
        int n = clips.Shape[0], t = clips.Shape[2];
        var data = clips.ToArray();
        int height = n * stripHeight;
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        for (int i = 0; i < n; i++)
        {
            int top = i * stripHeight, middle = top + stripHeight / 2;
            for (int x = 0; x < width; x++) pixels[middle * width + x] = 200;
            if (i > 0) for (int x = 0; x < width; x++) pixels[top * width + x] = 120;
            for (int x = 0; x < width; x++)
            {
                int from = (int)((long)x * t / width), to = Math.Max(from + 1, (int)((long)(x + 1) * t / width));
                float lo = 1, hi = -1;
                for (int s = from; s < Math.Min(to, t); s++) { lo = Math.Min(lo, data[i * t + s]); hi = Math.Max(hi, data[i * t + s]); }
                if (lo > hi) continue;
                int y0 = middle - (int)Math.Round(Math.Clamp(hi, -1f, 1f) * (stripHeight / 2 - 2));
                int y1 = middle - (int)Math.Round(Math.Clamp(lo, -1f, 1f) * (stripHeight / 2 - 2));
                for (int y = y0; y <= y1; y++) pixels[y * width + x] = 0;
            }
        }
        return new PngImage(width, height, 1, pixels);
    }

    /// <summary>Writes <see cref="Compose"/> of <paramref name="clips"/> to <paramref name="path"/> as PNG.</summary>
    public static void Save(Tensor clips, string path, int width = 800, int stripHeight = 80) => PngWriter.Write(path, Compose(clips, width, stripHeight));
}
