using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public class RunDirectoryTests
{
    [Fact]
    public void CreatesTheLayoutAndRoundTripsConfig()
    {
        using var dir = new TempDirectory();
        var run = RunDirectory.Create("vae-fashion", dir.Path);
        Assert.True(Directory.Exists(run.CheckpointsDirectory));
        Assert.True(Directory.Exists(run.SamplesDirectory));
        Assert.Equal("vae-fashion", run.Name);
        Assert.Null(run.ReadConfig());

        run.WriteConfig(new JsonObject { ["model"] = "vae", ["latent"] = 16 });
        Assert.Equal(16, (int)run.ReadConfig()!["latent"]!);
        Assert.Throws<ArgumentException>(() => RunDirectory.Create("../escape", dir.Path));
    }

    [Fact]
    public void MetricsAppendOneObjectPerLine()
    {
        using var dir = new TempDirectory();
        var run = RunDirectory.Create("r", dir.Path);
        var t0 = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        run.LogMetrics(10, 0, new Dictionary<string, double> { ["loss"] = 0.5, ["lr"] = 1e-3 }, t0);
        run.LogMetrics(20, 1, new Dictionary<string, double> { ["loss"] = double.NaN, ["grad"] = double.PositiveInfinity });

        var lines = File.ReadAllLines(run.MetricsPath);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.IsType<JsonObject>(JsonNode.Parse(l)));
        var records = run.ReadMetrics();
        Assert.Equal(10, records[0].Step);
        Assert.Equal(t0, records[0].Time);
        Assert.Equal(0.5, records[0].Values["loss"]);
        Assert.Equal(1, records[1].Epoch);
        Assert.True(double.IsNaN(records[1].Values["loss"]));
        Assert.Equal(double.PositiveInfinity, records[1].Values["grad"]);
        Assert.Throws<ArgumentException>(() => run.LogMetrics(1, 0, new Dictionary<string, double> { ["step"] = 1 }));
    }

    [Fact]
    public void UnfinishedLastLineIsIgnoredButCorruptLinesAreReported()
    {
        using var dir = new TempDirectory();
        var run = RunDirectory.Create("r", dir.Path);
        run.LogMetrics(1, 0, new Dictionary<string, double> { ["loss"] = 1 });
        File.AppendAllText(run.MetricsPath, "{\"step\": 2, \"epo");
        Assert.Single(run.ReadMetrics());

        File.AppendAllText(run.MetricsPath, "\n");
        var e = Assert.Throws<InvalidDataException>(() => run.ReadMetrics());
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void FindsTheLatestCompleteCheckpoint()
    {
        using var dir = new TempDirectory();
        var run = RunDirectory.Create("r", dir.Path);
        Assert.Null(run.LatestCheckpointStem());
        var weights = new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(1) };
        run.SaveCheckpoint("step-1", weights, new JsonObject { ["step"] = 1 });
        string second = run.SaveCheckpoint("step-2", weights, new JsonObject { ["step"] = 2 });
        File.SetLastWriteTimeUtc(Checkpoint.StatePath(second), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(second, run.LatestCheckpointStem());
    }
}

public sealed class RunLockTests
{
    [Fact]
    public void ASecondHolderIsRefusedUntilTheFirstLetsGo()
    {
        using var dir = new TempDirectory();
        var run = new RunDirectory(dir.File("r"));
        using (RunLock.Acquire(run))
        {
            var e = Assert.Throws<InvalidOperationException>(() => RunLock.Acquire(run));
            Assert.Contains("in use by another Latent process", e.Message);
        }
        using var again = RunLock.Acquire(run); // released on dispose (and by the OS when a process dies)
    }
}
