using Latent.Models.Common;
using Latent.Models.Gans.Studies;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class UnrolledGanStudyTests
{
    [Fact]
    public void DominantModeIsTheOneNearestMostSamples()
    {
        var report = new ModeCoverageReport([2, 2, 5, 2, 1], new int[8], 0, 0f);
        var (mode, share) = UnrolledGanStudy.Dominant(report);
        Assert.Equal(2, mode);
        Assert.Equal(0.6, share, 10);
    }

    [Fact]
    public void SnapshotDarkensWhereSamplesAreAndMarksModesInRed()
    {
        var samples = Tensor.FromArray([0f, 0f, 0f, 0f, 0f, 0f], 3, 2);
        var modes = Tensor.FromArray([2f, 0f], 1, 2);
        var image = UnrolledGanStudy.Snapshot(samples, modes);
        int n = UnrolledGanStudy.CellPixels;
        Assert.Equal(new[] { 3, n, n }, image.Shape);
        float At(int c, float x, float y)
        {
            int px = (int)MathF.Floor((x + UnrolledGanStudy.ViewHalfWidth) / (2 * UnrolledGanStudy.ViewHalfWidth) * n);
            int py = (int)MathF.Floor((UnrolledGanStudy.ViewHalfWidth - y) / (2 * UnrolledGanStudy.ViewHalfWidth) * n);
            return image.Data[(c * n + py) * n + px];
        }
        Assert.Equal(0f, At(0, 0, 0));          // all samples in one pixel: the darkest
        Assert.Equal(1f, At(0, -2, -2));        // nothing there: white
        Assert.Equal(1f, At(0, 2, 0));          // the mode: red
        Assert.True(At(1, 2, 0) < 0.2f && At(2, 2, 0) < 0.2f);
    }

    [Fact]
    public void ShortStudyWritesItsPicturesAndCountsPerSnapshot()
    {
        var dir = Path.Combine(Path.GetTempPath(), "latent-unrolled-" + Guid.NewGuid().ToString("N"));
        try
        {
            var study = new UnrolledGanStudy { UnrollSteps = [0, 2], Seeds = 1, Steps = 20, Snapshots = 2, SamplesPerSnapshot = 200 };
            var json = study.Run(new StudyContext(dir));
            var plain = json["variants"]!["k0"]!["runs"]![0]!["snapshots"]!.AsArray();
            Assert.Equal(2, plain.Count);
            Assert.Equal(20, plain[1]!["step"]!.GetValue<int>());
            Assert.InRange(plain[1]!["modes_covered"]!.GetValue<int>(), 0, 8);
            Assert.NotNull(json["variants"]!["k2"]);
            Assert.True(File.Exists(Path.Combine(dir, "unrolled-ring-snapshots.png")));
            Assert.True(File.Exists(Path.Combine(dir, "unrolled-ring-modes.svg")));
            Assert.True(File.Exists(Path.Combine(dir, "unrolled-ring.json")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
