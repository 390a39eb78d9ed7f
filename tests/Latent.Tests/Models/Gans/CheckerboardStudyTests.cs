using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.Models.Gans.Studies;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class CheckerboardStudyTests
{
    private static Tensor Image(Func<int, int, float> f, int h = 8, int w = 8)
    {
        var data = new float[h * w];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) data[r * w + c] = f(r, c);
        return Tensor.FromArray(data, 1, 1, h, w);
    }

    [Fact]
    public void APeriodTwoPatternPutsAllItsPowerOnTheNyquistLines()
    {
        var spectrum = PowerSpectrum.Of(Image((r, c) => (r + c) % 2 == 0 ? 1f : 0f));
        Assert.Equal(1.0, spectrum.NyquistShare(), 10);
        Assert.Equal(1.0, spectrum[4, 4], 10); // (−1)^(r+c) is the single frequency (H/2, W/2)
    }

    [Fact]
    public void ACosineHasItsPowerAtItsFrequencyAndItsMirror()
    {
        var spectrum = PowerSpectrum.Of(Image((r, c) => MathF.Cos(2 * MathF.PI * 3 * c / 8)));
        Assert.Equal(0.5, spectrum[0, 3], 6);
        Assert.Equal(0.5, spectrum[0, 5], 6);
        Assert.Equal(0.0, spectrum.NyquistShare(), 6);
        var radial = spectrum.Radial();
        Assert.Equal(3, Array.IndexOf(radial, radial.Max())); // the power sits at radius 3 and nowhere else
        Assert.Equal(1.0, radial.Where((_, r) => r != 3).Sum() + 1, 6);
    }

    [Fact]
    public void SpectrumSharesSumToOneAndRejectColourImages()
    {
        var gen = new Generator(3);
        var spectrum = PowerSpectrum.Of(Tensor.Rand([4, 1, 6, 10], gen));
        double total = 0;
        for (int u = 0; u < 6; u++)
            for (int v = 0; v < 10; v++) total += spectrum[u, v];
        Assert.Equal(1.0, total, 9);
        Assert.Equal(0.0, spectrum[0, 0], 9);
        var error = Assert.Throws<ArgumentException>(() => PowerSpectrum.Of(Tensor.Zeros(2, 3, 4, 4)));
        Assert.Contains("[2, 3, 4, 4]", error.Message);
    }

    [Fact]
    public void ResizeGeneratorMakesImagesOfTheSameShapeWithoutTransposedConvolutions()
    {
        var g = new DcganGenerator(new Generator(1), latentDim: 8, width: 16, upsample: UpsampleKind.Resize);
        var images = g.Generate(Tensor.Randn([3, 8], new Generator(2)));
        Assert.Equal(new[] { 3, 1, 28, 28 }, images.Shape);
        Assert.DoesNotContain(g.Modules(), m => m is Latent.NN.ConvTranspose2d { Stride: 2 });
    }

    [SkippableFact]
    public void ShortStudyWritesGridsSpectraAndShares()
    {
        TestData.RequireFashionMnist();
        var dir = Path.Combine(Path.GetTempPath(), "latent-checker-" + Guid.NewGuid().ToString("N"));
        try
        {
            var json = new CheckerboardStudy { Steps = 2, TrainImages = 128, SpectrumImages = 16 }.Run(new StudyContext(dir));
            foreach (var kind in new[] { "transposed", "resize" })
            {
                double share = json["generators"]![kind]!["nyquist_share_trained"]!.GetValue<double>();
                Assert.InRange(share, 0, 1);
                Assert.True(File.Exists(Path.Combine(dir, $"checkerboard-{kind}-init.png")));
                Assert.True(File.Exists(Path.Combine(dir, $"checkerboard-{kind}-trained.png")));
            }
            Assert.True(File.Exists(Path.Combine(dir, "checkerboard-spectrum.svg")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
