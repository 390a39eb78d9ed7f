using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Latent.IO;
using Latent.Tests.IO;
using Latent.Tests.Models;

namespace Latent.Tests.Samples;

/// <summary>The console programs in samples/ run as a user would run them, on small budgets, and do what they say.</summary>
public partial class SamplesTests
{
    private static (int Code, string Output) Run(string sample, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(RepositoryPaths.Sample(sample));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    [SkippableFact]
    public void TrainVaeImprovesTheModelAndEvaluateReopensTheRun()
    {
        TestData.RequireFashionMnist();
        using var dir = new TempDirectory();
        string run = dir.File("vae");
        var (code, output) = Run("TrainVae", dir.Path, run, "40", "1000");
        Assert.True(code == 0, output);
        var nelbo = NelboPattern().Match(output);
        Assert.True(nelbo.Success, output);
        double before = double.Parse(nelbo.Groups[1].Value, CultureInfo.InvariantCulture), after = double.Parse(nelbo.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(after < before - 50, $"40 steps should lower the test NELBO well below the untrained {before:F1}, got {after:F1}");
        var grid = PngReader.Read(Path.Combine(run, "samples", "from-csharp.png"));
        Assert.Equal(8 * 28 + 9 * 2, grid.Width);

        (code, output) = Run("Evaluate", dir.Path, run, "100");
        Assert.True(code == 0, output);
        var elbo = Regex.Match(output, @"log p\(x\), LowerBound: (-?[\d.]+) nats");
        var iwae = Regex.Match(output, @"IWAE bound \(k = 50\): (-?[\d.]+) nats");
        Assert.True(elbo.Success && iwae.Success, output);
        double e = double.Parse(elbo.Groups[1].Value, CultureInfo.InvariantCulture), w = double.Parse(iwae.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(w > e, $"the IWAE bound ({w}) is at least the ELBO ({e})");
        Assert.True(-e < after + 30, $"the reopened model's ELBO ({e:F1}) should match the trained model's NELBO ({after:F1}), not an untrained one");
    }

    [Fact]
    public void SampleGanWritesAScatterOfRealAndGeneratedPoints()
    {
        using var dir = new TempDirectory();
        string svg = dir.File("ring.svg");
        var (code, output) = Run("SampleGan", dir.Path, "60", svg, "gan");
        Assert.True(code == 0, output);
        Assert.Matches(@"Completed after 60 steps; \d/8 modes covered", output);
        var doc = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.True(doc.Descendants(ns + "circle").Count() >= 2_000 + 2_000, "2,000 real and 2,000 generated points");
    }

    [GeneratedRegex(@"test NELBO per image ([\d.]+) -> ([\d.]+) nats")]
    private static partial Regex NelboPattern();
}
