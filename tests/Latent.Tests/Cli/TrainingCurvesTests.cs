using Latent.Cli;
using Latent.IO;

namespace Latent.Tests.Cli;

public sealed class TrainingCurvesTests
{
    private static MetricsRecord Line(long step, int epoch, params (string Key, double Value)[] values)
        => new(step, epoch, DateTimeOffset.UnixEpoch, values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void StepAndEpochLinesAreToldApartAndTabulated()
    {
        var curves = new TrainingCurves(
        [
            Line(50, 0, ("loss", 300), ("kl", 10)),
            Line(100, 0, ("loss", 280), ("kl", 11)),
            Line(120, 1, ("train_loss", 290), ("test_nelbo", 285.5)),
            Line(150, 1, ("loss", 270), ("kl", 12)),
            Line(240, 2, ("train_loss", 275), ("test_nelbo", 271.25)),
        ]);
        Assert.Equal([50L, 100, 150], curves.Steps.Select(r => r.Step));
        Assert.Equal([(1, 285.5), (2, 271.25)], curves.PerEpoch("test_nelbo"));
        var (header, rows) = curves.EpochTable();
        Assert.Equal(["epoch", "step", "train_loss", "test_nelbo"], header);
        Assert.Equal(["2", "240", "275.00", "271.25"], rows[1]);
        var plot = curves.LossPlot("t", [("test_nelbo", "test"), ("missing", "never logged")]);
        Assert.Equal(["loss (logged steps)", "test"], plot.Series.Select(s => s.Name));
        Assert.Equal([120.0, 240.0], plot.Series[1].X);
    }
}
