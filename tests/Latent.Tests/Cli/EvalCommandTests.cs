using System.Text.Json.Nodes;
using Latent.Models.Classifiers;
using Latent.Tensors;
using Latent.Tests.IO;
using Latent.Tests.Models;

namespace Latent.Tests.Cli;

/// <summary><c>latent eval</c> end to end on a tiny run; console redirection makes these tests run one at a time.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class EvalCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => ConsoleCapture.Cli(args);

    /// <summary>An (untrained) CNN feature network file, so the test never trains the real one.</summary>
    private static string FeatureNet(TempDirectory dir)
    {
        var network = ClassifierNetwork.Create(ClassifierArchitecture.Cnn, [1, 28, 28], 10, [], new Generator(1));
        var classifier = new ImageClassifier(network, FashionMnistFeatureNetwork.Name, 1e-3, new Generator(2));
        string path = dir.File("fmnist-cnn.safetensors");
        FashionMnistFeatureNetwork.Save(classifier, new ClassificationReport(0.1, 0.3, 2.3, new long[10, 10]), path);
        return path;
    }

    [SkippableFact]
    public void EvalWritesEvalJsonIntoTheRunAndPrintsTheTableWithReferenceRows()
    {
        TestData.RequireFashionMnist();
        using var dir = new TempDirectory();
        var (code, _, err) = Run("train", "vae", "--epochs", "1", "--max-steps", "3", "--train-size", "256", "--runs-dir", dir.Path, "--run", "tiny");
        Assert.True(code == 0, err);
        string run = Path.Combine(dir.Path, "tiny");
        string table = dir.File("table.json");
        (code, var output, err) = Run("eval", run, "--samples", "200", "--feature-net", FeatureNet(dir), "--table", table, "--save-features", dir.File("features"));
        Assert.True(code == 0, err);
        foreach (var row in new[] { "test set", "mean image", "pixel gaussian", "tiny" }) Assert.Contains(row, output);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "eval.json")))!;
        Assert.Equal("vae", json["model"]!.ToString());
        Assert.Equal("fmnist-cnn", json["features"]!.ToString());
        var metrics = json["result"]!["metrics"]!;
        foreach (var key in new[] { "fid", "kid", "is", "precision", "recall", "density", "coverage", "nll", "bits_per_dim", "iwae_nll" })
            Assert.NotNull(metrics[key]);
        Assert.Equal("lowerbound", json["result"]!["notes"]!["nll_kind"]!.ToString());
        Assert.True(metrics["fid"]!.GetValue<double>() > json["reference"]![0]!["metrics"]!["fid"]!.GetValue<double>());
        var whole = JsonNode.Parse(File.ReadAllText(table))!;
        Assert.Equal("tiny", whole["runs"]![0]!["name"]!.ToString());
        Assert.True(File.Exists(Path.Combine(dir.File("features"), "tiny.npy")));

        // latent compare puts the evaluated run, its sample grid and the reference rows on one page.
        string page = dir.File("compare.html");
        (code, _, err) = Run("compare", run, "--out", page);
        Assert.True(code == 0, err);
        string html = File.ReadAllText(page);
        Assert.Contains("<td class=\"l\">tiny</td>", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("pixel gaussian", html);
        double fid = metrics["fid"]!.GetValue<double>();
        Assert.Contains(fid.ToString(fid >= 100 ? "F1" : "G4", System.Globalization.CultureInfo.InvariantCulture), html);
    }

    [Fact]
    public void BadArgumentsFailClearlyAndWriteNothing()
    {
        using var dir = new TempDirectory();
        var (code, _, err) = Run("eval", dir.Path, "--metrics", "fid,fdi");
        Assert.Equal(2, code);
        Assert.Contains("unknown metric 'fdi'", err);
        (code, _, err) = Run("eval", dir.File("no-such-run"));
        Assert.Equal(2, code);
        Assert.Contains("not found", err);
        (code, _, err) = Run("eval", dir.Path, "--samples", "5");
        Assert.Equal(2, code);
        Assert.Contains("--samples", err);
        (code, _, err) = Run("eval", dir.Path, "--features", "inception");
        Assert.Equal(2, code);
        (code, _, err) = Run("compare", dir.Path, "--out", dir.File("page.html"));
        Assert.Equal(2, code);
        Assert.Contains("latent eval", err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
