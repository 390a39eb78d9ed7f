using Latent.Tensors;

namespace Latent.IO;

/// <summary>
/// Log-power spectrograms of audio clips as a picture: one strip per clip, time left to right, frequency from 0 at
/// the bottom to half the sample rate at the top, power in decibels below the loudest point of all the clips through
/// a dark-to-bright colour map. Speech shows as harmonic stripes and formant bands; noise as an even smear.
/// </summary>
/// <example>
/// <code>
/// Spectrograms.Save(clips, 8000, "samples/digits-spectrograms.png"); // clips [N, 1, T]
/// </code>
/// </example>
public static class Spectrograms
{
    /// <summary>The picture of clips [N, 1, T] sampled at <paramref name="sampleRate"/> Hz, as RGB.</summary>
    /// <param name="clips">The clips, values in [−1, 1].</param>
    /// <param name="sampleRate">Samples per second (labels the frequency axis: the top row is sampleRate/2).</param>
    /// <param name="width">Pixels across: one analysis frame per pixel column.</param>
    /// <param name="stripHeight">Pixels per clip; the frequency bins are spread over them.</param>
    /// <param name="window">Samples per Hann-windowed frame (frequency resolution sampleRate/window).</param>
    /// <param name="rangeDb">Decibels below the loudest point that map to black.</param>
    /// <exception cref="ArgumentException">The clips are not [N, 1, T], or a size is not positive.</exception>
    public static PngImage Compose(Tensor clips, int sampleRate, int width = 800, int stripHeight = 128, int window = 256, double rangeDb = 80)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Rank != 3 || clips.Shape[1] != 1) throw new ArgumentException($"Spectrograms: expected clips [N, 1, T], got [{string.Join(", ", clips.Shape)}].", nameof(clips));
        if (sampleRate <= 0 || width <= 0 || stripHeight <= 1 || window < 4 || rangeDb <= 0)
            throw new ArgumentException($"Spectrograms: sample rate {sampleRate}, width {width}, strip height {stripHeight}, window {window} and range {rangeDb} dB must be positive (height > 1, window ≥ 4).");
        int n = clips.Shape[0], t = clips.Shape[2];
        var data = clips.ToArray();
        var power = new double[n][,];
        double loudest = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            power[i] = PowerDb(data.AsSpan(i * t, t), window, width);
            foreach (double p in power[i]) loudest = Math.Max(loudest, p);
        }
        int bins = window / 2 + 1, height = n * stripHeight;
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < stripHeight; y++)
            {
                // Row y of the strip (top = highest frequency) shows the bin nearest its frequency.
                int bin = (int)Math.Round((stripHeight - 1 - y) * (bins - 1) / (double)(stripHeight - 1));
                for (int x = 0; x < width; x++)
                {
                    double level = Math.Clamp(1 + (power[i][x, bin] - loudest) / rangeDb, 0, 1);
                    var (r, g, b) = Colour(level);
                    int at = (((i * stripHeight) + y) * width + x) * 3;
                    pixels[at] = r;
                    pixels[at + 1] = g;
                    pixels[at + 2] = b;
                }
            }
        for (int i = 1; i < n; i++) Array.Fill(pixels, (byte)255, i * stripHeight * width * 3, width * 3); // a white line between clips
        return new PngImage(width, height, 3, pixels);
    }

    /// <summary>Writes <see cref="Compose"/> of <paramref name="clips"/> to <paramref name="path"/> as PNG.</summary>
    public static void Save(Tensor clips, int sampleRate, string path, int width = 800, int stripHeight = 128)
        => PngWriter.Write(path, Compose(clips, sampleRate, width, stripHeight));

    /// <summary>
    /// Power in dB, [frames, window/2 + 1], of <paramref name="frames"/> Hann-windowed frames centred evenly along the
    /// clip (zero beyond its ends); a silent frame gets −300 dB.
    /// </summary>
    internal static double[,] PowerDb(ReadOnlySpan<float> clip, int window, int frames)
    {
        int bins = window / 2 + 1;
        var hann = new double[window];
        for (int k = 0; k < window; k++) hann[k] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * k / window);
        var cos = new double[window];
        var sin = new double[window];
        for (int k = 0; k < window; k++) { cos[k] = Math.Cos(2 * Math.PI * k / window); sin[k] = Math.Sin(2 * Math.PI * k / window); }
        var result = new double[frames, bins];
        var frame = new double[window];
        for (int f = 0; f < frames; f++)
        {
            int centre = (int)((f + 0.5) * clip.Length / frames), start = centre - window / 2;
            for (int k = 0; k < window; k++)
            {
                int s = start + k;
                frame[k] = s >= 0 && s < clip.Length ? clip[s] * hann[k] : 0;
            }
            for (int bin = 0; bin < bins; bin++)
            {
                double re = 0, im = 0;
                for (int k = 0, phase = 0; k < window; k++, phase = (phase + bin) % window)
                {
                    re += frame[k] * cos[phase];
                    im -= frame[k] * sin[phase];
                }
                double p = re * re + im * im;
                result[f, bin] = p > 1e-30 ? 10 * Math.Log10(p) : -300;
            }
        }
        return result;
    }

    /// <summary>A dark-to-bright map: black, violet, red, orange, pale yellow at 0, ¼, ½, ¾, 1.</summary>
    private static (byte R, byte G, byte B) Colour(double level)
    {
        double at = level * 4;
        int i = Math.Min(3, (int)at);
        double w = at - i;
        return (Mix(i * 3, w), Mix(i * 3 + 1, w), Mix(i * 3 + 2, w));
    }

    private static readonly double[] Stops = [0, 0, 0, 0.33, 0.07, 0.43, 0.80, 0.18, 0.25, 0.98, 0.55, 0.05, 0.99, 0.99, 0.75];

    private static byte Mix(int at, double w) => (byte)Math.Round(255 * (Stops[at] * (1 - w) + Stops[at + 3] * w));
}
