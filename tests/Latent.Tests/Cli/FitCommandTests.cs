using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Tests.Cli;

/// <summary><c>latent fit</c>: its help, a tiny EM fit that writes a run directory `latent sample` reads, and refused options that write nothing.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class FitCommandTests : IDisposable
{
    private readonly string _runs = Path.Combine(Path.GetTempPath(), $"latent-fit-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_runs)) Directory.Delete(_runs, recursive: true);
    }

    [Fact]
    public void HelpListsEveryModelAndWhatItTakes()
    {
        var (code, output, _) = ConsoleCapture.Cli("fit", "--help");
        Assert.Equal(0, code);
        foreach (var model in new[] { "gaussian-classifier", "naive-bayes", "gmm", "bernoulli-mixture", "markov", "hmm" }) Assert.Contains(model, output);
        (code, output, _) = ConsoleCapture.Cli("fit", "hmm", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--emission", "--covariance", "--topology", "--states", "--tolerance", "--max-iterations", "--restarts" }) Assert.Contains(option, output);
        Assert.DoesNotContain("--lr", output); // gradient-trainer options mean nothing to EM
    }

    [Fact]
    public void ATinyEmFitWritesARunDirectoryThatSampleReads()
    {
        var (code, output, err) = ConsoleCapture.Cli("fit", "gmm", "--data", "toy:moons", "--toy-samples", "400", "--components", "4",
            "--restarts", "2", "--max-iterations", "30", "--tolerance", "1e-6", "--run", "moons", "--runs-dir", _runs);
        Assert.True(code == 0, err);
        Assert.Contains("restart 2/2 iteration 1: log-likelihood", output);
        var run = new RunDirectory(Path.Combine(_runs, "moons"));
        Assert.Equal("gmm", run.ReadConfig()!["model"]!.GetValue<string>());
        Assert.NotNull(run.LatestCheckpointStem());
        foreach (var file in new[] { "fit.json", "index.html", "log-likelihood.svg", "samples/fit-mixture.svg" })
            Assert.True(File.Exists(Path.Combine(run.Path, file)), file);
        var fit = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Path, "fit.json")))!;
        Assert.Equal("em", fit["method"]!.GetValue<string>());
        Assert.Equal(2, fit["runs"]!.AsArray().Count);
        // metrics.jsonl: every iteration's log-likelihood, never falling within a restart.
        var lines = run.ReadMetrics().Where(m => m.Values.ContainsKey("log_likelihood")).ToList();
        Assert.True(lines.Count >= 4);
        for (int i = 1; i < lines.Count; i++)
            if (lines[i].Values["restart"] == lines[i - 1].Values["restart"])
                Assert.True(lines[i].Values["objective"] >= lines[i - 1].Values["objective"] - 1e-9, $"line {i}");
        Assert.Contains("EM objective", File.ReadAllText(Path.Combine(run.Path, "index.html")));
        (code, _, err) = ConsoleCapture.Cli("sample", run.Path, "--n", "50", "--seed", "4");
        Assert.True(code == 0, err);
        // The same name again is refused rather than overwritten.
        (code, _, err) = ConsoleCapture.Cli("fit", "gmm", "--data", "toy:moons", "--toy-samples", "400", "--run", "moons", "--runs-dir", _runs);
        Assert.Equal(2, code);
        Assert.Contains("already holds a run", err);
    }

    [Fact]
    public void AClosedFormFitOfTheWeatherChainRecoversIt()
    {
        var (code, output, err) = ConsoleCapture.Cli("fit", "markov", "--data", "weather", "--order", "1", "--smoothing", "0", "--sequences", "400",
            "--run", "weather", "--runs-dir", _runs);
        Assert.True(code == 0, err);
        Assert.Contains("Closed form", output);
        var fit = JsonNode.Parse(File.ReadAllText(Path.Combine(_runs, "weather", "fit.json")))!;
        Assert.Equal("closed-form", fit["method"]!.GetValue<string>());
        // Started on a sunny day, 30 days of the lecture's chain carry 1.096 bits each (its entropy); a good fit scores the held-out days near it.
        Assert.InRange(fit["test"]!["bits_per_symbol"]!.GetValue<double>(), 1.0, 1.2);
        Assert.True(File.Exists(Path.Combine(_runs, "weather", "samples", "fit-samples.txt")));
        // latent sample writes sequences as text lines of states, not a scatter of points.
        (code, output, err) = ConsoleCapture.Cli("sample", Path.Combine(_runs, "weather"), "--n", "5", "--seed", "2");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(Path.Combine(_runs, "weather", "samples", "sample-001.txt"));
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.All(line.Split(' '), state => Assert.InRange(int.Parse(state), 0, 2)));
        (code, _, err) = ConsoleCapture.Cli("sample", Path.Combine(_runs, "weather"), "--out", Path.Combine(_runs, "w.svg"));
        Assert.Equal(2, code);
        Assert.Contains(".txt", err);
    }

    [Fact]
    public void SampledPenHmmSequencesAreDrawnAsPaths()
    {
        var (code, _, err) = ConsoleCapture.Cli("fit", "hmm", "--states", "4", "--max-iterations", "2", "--run", "pen", "--runs-dir", _runs);
        Assert.True(code == 0, err);
        (code, _, err) = ConsoleCapture.Cli("sample", Path.Combine(_runs, "pen"), "--n", "14", "--seed", "1");
        Assert.True(code == 0, err);
        var svg = File.ReadAllText(Path.Combine(_runs, "pen", "samples", "sample-001.svg"));
        Assert.Contains("14 sequences of hmm (seed 1)", svg);
        Assert.Equal(14, System.Text.RegularExpressions.Regex.Matches(svg, "<polyline").Count);
    }

    [Fact]
    public void UnknownModelsAndBadOptionsAreRefusedAndWriteNothing()
    {
        var (code, _, err) = ConsoleCapture.Cli("fit", "gmn", "--runs-dir", _runs);
        Assert.Equal(2, code);
        Assert.Contains("Did you mean 'gmm'", err);
        (code, _, err) = ConsoleCapture.Cli("fit", "gmm", "--tolerance", "-1", "--runs-dir", _runs);
        Assert.Equal(2, code);
        Assert.Contains("--tolerance", err);
        (code, _, err) = ConsoleCapture.Cli("fit", "markov", "--data", "weather", "--restarts", "3", "--runs-dir", _runs);
        Assert.Equal(2, code);
        Assert.Contains("closed form", err);
        (code, _, err) = ConsoleCapture.Cli("fit", "hmm", "--covariance", "full", "--runs-dir", _runs);
        Assert.Equal(2, code);
        Assert.Contains("--emission gaussian", err);
        (code, _, err) = ConsoleCapture.Cli("fit", "gmm", "--epochs", "3", "--runs-dir", _runs);
        Assert.Equal(2, code);
        Assert.Contains("--epochs", err);
        Assert.False(Directory.Exists(_runs) && Directory.EnumerateFileSystemEntries(_runs).Any(), "a refused fit left files behind");
    }
}
