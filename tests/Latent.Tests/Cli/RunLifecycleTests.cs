using System.Text.Json.Nodes;
using Latent.Tests.Models;

namespace Latent.Tests.Cli;

/// <summary>A run remembers itself on resume, sampling does what it says, and bad input is refused before anything is created.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class RunLifecycleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("latent-runs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string Out, string Err) Train(params string[] args)
        => ConsoleCapture.Cli(["train", "vae", "--runs-dir", _root, "--train-size", "256", .. args, .. args.Contains("--max-steps") ? Array.Empty<string>() : ["--max-steps", "2"]]);

    [SkippableFact]
    public void ResumeTakesTheOptionsTheRunStartedWith()
    {
        TestData.RequireFashionMnist();
        var (code, output, err) = Train("--run", "v2", "--latent-dim", "2", "--max-steps", "1");
        Assert.True(code == 0, err + output);
        // No --latent-dim now: the run's config.json says 2, and the checkpoint's shapes only fit that.
        (code, output, err) = Train("--run", "v2", "--resume", "--max-steps", "3");
        Assert.True(code == 0, err + output);
        Assert.Contains("Done: 3 steps", output);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "v2", "config.json")))!;
        Assert.Equal(2, config["latent-dim"]!.GetValue<int>());
        Assert.Equal(3, config["max-steps"]!.GetValue<long>());
        // The run itself may stand in for the model: by its path, or by its name under --runs-dir.
        (code, output, err) = ConsoleCapture.Cli("train", Path.Combine(_root, "v2"), "--resume", "--max-steps", "4");
        Assert.True(code == 0, err + output);
        Assert.Contains("Done: 4 steps", output);
        (code, output, err) = ConsoleCapture.Cli("train", "v2", "--runs-dir", _root, "--resume", "--max-steps", "5");
        Assert.True(code == 0, err + output);
        Assert.Contains("Done: 5 steps", output);
        (code, _, err) = ConsoleCapture.Cli("train", Path.Combine(_root, "none"), "--resume");
        Assert.Equal(2, code);
        Assert.Contains("neither a model nor a run", err);
    }

    [SkippableFact]
    public void ResumeRefusesAnOptionThatWouldChangeTheRun()
    {
        TestData.RequireFashionMnist();
        Assert.Equal(0, Train("--run", "r").Code);
        var (code, _, err) = Train("--run", "r", "--resume", "--lr", "0.01");
        Assert.Equal(2, code);
        Assert.Contains("--lr 0.01 (the run has 0.001)", err);
        Assert.Equal(0, Train("--run", "r", "--resume", "--lr", "0.001", "--max-steps", "4").Code); // the same value is fine
    }

    [SkippableFact]
    public void SampleTakesASeedAndNeverOverwrites()
    {
        TestData.RequireFashionMnist();
        Assert.Equal(0, Train("--run", "s").Code);
        string run = Path.Combine(_root, "s");
        var (code, output, err) = ConsoleCapture.Cli("sample", run, "--n", "4", "--seed", "7");
        Assert.True(code == 0, err);
        Assert.Contains("seed 7", output);
        Assert.Equal(0, ConsoleCapture.Cli("sample", run, "--n", "4", "--seed", "7").Code);
        Assert.Equal(0, ConsoleCapture.Cli("sample", run, "--n", "4", "--seed", "8").Code);
        var files = Directory.GetFiles(Path.Combine(run, "samples"), "sample-*.png").Order().ToArray();
        Assert.Equal(3, files.Length);
        Assert.Equal(File.ReadAllBytes(files[0]), File.ReadAllBytes(files[1]));    // same seed, same picture
        Assert.NotEqual(File.ReadAllBytes(files[0]), File.ReadAllBytes(files[2])); // another seed, another
    }

    [SkippableFact]
    public void AudioModelsSampleWavFilesAndTheirWaveforms()
    {
        Skip.If(!File.Exists("/usr/bin/espeak-ng") && !Directory.Exists(Latent.Data.SpokenDigits.DefaultDirectory()), "espeak-ng is not installed");
        var (code, output, err) = ConsoleCapture.Cli("train", "wavenet", "--runs-dir", _root, "--run", "w", "--max-steps", "1", "--stacks", "1",
            "--max-dilation", "4", "--residual-channels", "4", "--skip-channels", "8", "--crop", "64", "--clip-length", "256", "--generate-length", "80");
        Assert.True(code == 0, err + output);
        string run = Path.Combine(_root, "w");
        (code, output, err) = ConsoleCapture.Cli("sample", run, "--n", "2", "--seed", "3");
        Assert.True(code == 0, err);
        Assert.Contains("2 clips", output);
        var first = Path.Combine(run, "samples", "sample-001-1.wav");
        var (clip, rate) = Latent.Data.WaveFile.Read(first);
        Assert.Equal(80, clip.Length);
        Assert.Equal(8000, rate);
        Assert.True(File.Exists(Path.Combine(run, "samples", "sample-001-2.wav")));
        Assert.True(File.Exists(Path.Combine(run, "samples", "sample-001-waveforms.png")));
        Assert.True(File.Exists(Path.Combine(run, "samples", "sample-001-spectrograms.png")));
        Assert.Equal(0, ConsoleCapture.Cli("sample", run, "--n", "2", "--seed", "3").Code); // a second call takes the next stem
        Assert.Equal(clip, Latent.Data.WaveFile.Read(Path.Combine(run, "samples", "sample-002-1.wav")).Samples); // same seed, same clip
        (code, _, err) = ConsoleCapture.Cli("sample", run, "--out", Path.Combine(_root, "clip.png"));
        Assert.Equal(2, code);
        Assert.Contains("give a .wav path", err);
    }

    [Fact]
    public void SamplingAFolderThatIsNotARunSaysSo()
    {
        var (code, _, err) = ConsoleCapture.Cli("sample", _root);
        Assert.Equal(2, code);
        Assert.Contains("is not a run directory", err);
    }

    [Fact]
    public void ToyDataSamplesHonourCountAndOutput()
    {
        var (code, output, err) = ConsoleCapture.Cli("train", "gan", "--runs-dir", _root, "--run", "toy", "--max-steps", "2", "--toy-samples", "512");
        Assert.True(code == 0, err + output);
        string svg = Path.Combine(_root, "toy.svg");
        (code, output, err) = ConsoleCapture.Cli("sample", Path.Combine(_root, "toy"), "--n", "10", "--out", svg, "--seed", "1");
        Assert.True(code == 0, err);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Count(File.ReadAllText(svg), "<circle[^>]*fill-opacity"));
    }

    [SkippableTheory]
    [InlineData("--max-steps", "-5", "--max-steps must be positive")]
    [InlineData("--beta", "-1", "--beta must not be negative")]
    [InlineData("--train-size", "100000", "training set has only 60,000 images")]
    [InlineData("--epochs", "abc", "as a whole number")]
    public void BadValuesAreRefusedInWordsBeforeAnythingIsCreated(string option, string value, string message)
    {
        TestData.RequireFashionMnist();
        var (code, _, err) = ConsoleCapture.Cli("train", "vae", "--runs-dir", _root, "--run", "bad", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("System.", err);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")), "a refused run must leave no folder");
    }

    [Fact]
    public void UsageLinesNameTheLatentCommand()
    {
        var (_, output, _) = ConsoleCapture.Cli("train", "vae", "--help");
        Assert.Contains("latent train vae [options]", output);
        Assert.DoesNotContain("Latent.Cli", output);
    }
}
