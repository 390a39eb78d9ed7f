using Latent.Cli.Commands;
using Latent.Cli.Demo;
using Latent.Tests.Models;

namespace Latent.Tests.Cli;

/// <summary><c>latent demo</c>: a tiny run end to end, keeping the previous demo, and the missing-data error.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class DemoCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("latent-demo-test");

    public void Dispose() => _root.Delete(recursive: true);

    [SkippableFact]
    public void TinyDemoWritesAPageEmbeddingItsPicturesScatterAndEpochTable()
    {
        TestData.RequireFashionMnist();
        var settings = new DemoSettings(Epochs: 2, RunsDir: _root.FullName, TrainSize: 256, ScatterPoints: 300);
        var (code, output, err) = ConsoleCapture.Run(() => DemoCommand.Run(settings));
        Assert.True(code == 0, err);
        string dir = settings.RunPath;
        string index = Path.Combine(dir, "index.html");
        Assert.Contains(index, output);
        Assert.Contains("Test NELBO per image by epoch: 1: ", output);
        foreach (var name in new[] { "samples", "reconstructions", "interpolation", "traversal" })
            Assert.True(File.Exists(Path.Combine(dir, $"demo-{name}.png")), name);
        string html = File.ReadAllText(index);
        Assert.Equal(4, CountOf(html, "<img alt="));
        Assert.Equal(4, CountOf(html, "src=\"data:image/png;base64,"));
        Assert.Equal(2, CountOf(html, "<svg"));                       // the latent scatter and the loss curves, inline
        Assert.Equal(300, CountOf(File.ReadAllText(Path.Combine(dir, "latent-scatter.svg")), "fill-opacity=\"0.7\""));   // one point per test image
        Assert.Contains("Ankle boot", html);                          // the scatter's legend
        Assert.Contains("<th>test_nelbo</th>", html);                 // the per-epoch table
        Assert.Equal(1 + 2, CountOf(html, "<tr>"));                   // header and one row per epoch
    }

    [Fact]
    public void AnEarlierDemoIsMovedAsideAndAnythingElseIsLeftAlone()
    {
        string run = Path.Combine(_root.FullName, "demo");
        string previous = DemoArchive.PreviousPath(run);
        Assert.Null(DemoArchive.MoveAside(run));                       // nothing there yet

        WriteRun(run, "vae", "first");
        Assert.Contains("Moved the earlier demo", DemoArchive.MoveAside(run));
        Assert.False(Directory.Exists(run));
        Assert.Equal("first", File.ReadAllText(Path.Combine(previous, "note.txt")));

        WriteRun(run, "vae", "second");                               // a second move replaces the older copy
        Assert.Contains("replacing the older one", DemoArchive.MoveAside(run));
        Assert.Equal("second", File.ReadAllText(Path.Combine(previous, "note.txt")));

        WriteRun(run, "dcgan", "not a demo");
        var ex = Assert.Throws<InvalidOperationException>(() => DemoArchive.MoveAside(run));
        Assert.Contains("names model 'dcgan'", ex.Message);
        Assert.Equal("not a demo", File.ReadAllText(Path.Combine(run, "note.txt")));
        Assert.Equal("second", File.ReadAllText(Path.Combine(previous, "note.txt")));
    }

    [Fact]
    public void MissingFashionMnistNamesTheInstallCommandAndTouchesNothing()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_root.FullName, "no-data")).FullName;
        string runs = Path.Combine(_root.FullName, "runs");
        var (code, _, err) = ConsoleCapture.Run(() => DemoCommand.Run(new DemoSettings(RunsDir: runs, DataDir: empty)));
        Assert.Equal(2, code);
        Assert.Contains("apt-get install dataset-fashion-mnist", err);
        Assert.False(Directory.Exists(runs));
    }

    private static void WriteRun(string path, string model, string note)
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "config.json"), $$"""{"model": "{{model}}"}""");
        File.WriteAllText(Path.Combine(path, "note.txt"), note);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
