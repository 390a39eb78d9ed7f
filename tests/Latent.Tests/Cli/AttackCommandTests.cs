using System.Text.Json.Nodes;
using Latent.Tests.Models;

namespace Latent.Tests.Cli;

/// <summary><c>latent attack</c> writes its curve, grid, JSON and page for a classifier run and refuses what it cannot attack.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class AttackCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("latent-attack-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public void AttackWritesCurvesGridJsonAndPageForAClassifierRun()
    {
        TestData.RequireFashionMnist();
        var (code, output, err) = ConsoleCapture.Cli("train", "classifier", "--arch", "linear", "--runs-dir", _root, "--run", "c",
            "--train-size", "512", "--max-steps", "20");
        Assert.True(code == 0, err + output);
        string run = Path.Combine(_root, "c");
        (code, output, err) = ConsoleCapture.Cli("attack", run, "--n", "200", "--eps", "0,0.1", "--steps", "3");
        Assert.True(code == 0, err + output);
        string dir = Path.Combine(run, "attack");
        foreach (var file in new[] { "accuracy-vs-eps.svg", "targeted-grid.png", "fgsm-examples-c.png", "index.html" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "attack.json")))!;
        var result = json["classifiers"]![0]!;
        double clean = result["clean_accuracy"]!.GetValue<double>(), fgsm = result["fgsm_accuracy_at_0.1"]!.GetValue<double>();
        Assert.True(fgsm < clean, $"FGSM at 0.1 ({fgsm}) should cost accuracy (clean {clean})");
        Assert.Equal(clean, result["fgsm_curve"]![0]!.GetValue<double>());
    }

    [SkippableFact]
    public void AttackRefusesBadEpsilonsAndModelsThatAreNotClassifiers()
    {
        TestData.RequireFashionMnist();
        Assert.Equal(0, ConsoleCapture.Cli("train", "ae", "--runs-dir", _root, "--run", "a", "--train-size", "128", "--max-steps", "1").Code);
        var (code, _, err) = ConsoleCapture.Cli("attack", Path.Combine(_root, "a"));
        Assert.Equal(2, code);
        Assert.Contains("not a classifier", err);
        (code, _, err) = ConsoleCapture.Cli("attack", Path.Combine(_root, "a"), "--eps", "0.1,x");
        Assert.Equal(2, code);
        Assert.Contains("--eps", err);
        (code, _, err) = ConsoleCapture.Cli("attack", Path.Combine(_root, "missing"));
        Assert.Equal(2, code);
        Assert.Contains("not found", err);
    }
}
