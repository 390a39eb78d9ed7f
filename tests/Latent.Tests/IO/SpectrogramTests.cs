using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public class SpectrogramTests
{
    private const int Rate = 8000;

    private static Tensor Tone(double hertz, int length, float amplitude = 0.5f)
        => Tensor.FromArray([.. Enumerable.Range(0, length).Select(t => amplitude * (float)Math.Sin(2 * Math.PI * hertz * t / Rate))], 1, 1, length);

    [Fact]
    public void APureToneIsLoudestInItsOwnBin()
    {
        // 1 kHz at 8 kHz with a 256-sample window: bin 1000 / (8000 / 256) = 32, away from the frame edges.
        var power = Spectrograms.PowerDb(Tone(1000, 4000).ToArray(), 256, 20);
        for (int f = 2; f < 18; f++)
        {
            int loudest = Enumerable.Range(0, 129).MaxBy(b => power[f, b]);
            Assert.Equal(32, loudest);
            Assert.True(power[f, 32] - power[f, 64] > 60, $"frame {f}: {power[f, 32]:F1} dB at 1 kHz, {power[f, 64]:F1} dB at 2 kHz");
        }
        // Parseval for the Hann window: a steady sine of amplitude A puts (A·N/4)² into its bin.
        Close.Assert(power[10, 32], 10 * Math.Log10(Math.Pow(0.5 * 256 / 4, 2)), atol: 0.1, rtol: 0);
    }

    [Fact]
    public void ThePictureShowsTheToneAtItsHeightAndSilenceAsBlack()
    {
        var clips = Tensor.Concat([Tone(2000, 2000), Tensor.Zeros(1, 1, 2000)], 0);
        var image = Spectrograms.Compose(clips, Rate, width: 50, stripHeight: 65);
        Assert.Equal((50, 130, 3), (image.Width, image.Height, image.Channels));
        // 2 kHz is half of the 4 kHz top: row 32 of the 65-row strip (row 0 at the top).
        int brightest = Enumerable.Range(0, 65).MaxBy(y => image[25, y, 0] + image[25, y, 1] + image[25, y, 2]);
        Assert.Equal(32, brightest);
        Assert.Equal((0, 0, 0), (image[25, 65 + 40, 0], image[25, 65 + 40, 1], image[25, 65 + 40, 2])); // the silent clip
        Assert.Equal(255, image[10, 65, 1]); // the white line between the clips
    }

    [Fact]
    public void BadClipsAndSizesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Spectrograms.Compose(Tensor.Zeros(2, 100), Rate));
        Assert.Contains("[N, 1, T]", e.Message);
        Assert.Throws<ArgumentException>(() => Spectrograms.Compose(Tone(440, 100), 0));
    }
}
