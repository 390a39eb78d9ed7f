using Latent.IO;
using Latent.Tests.Models;

namespace Latent.Tests.Cli;

/// <summary><c>latent complete</c> fills a hole of a test image with a trained pixel model and refuses bad holes clearly.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CompleteCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("latent-complete-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public void CompletesARectangleOfATestImageAndReportsPsnr()
    {
        TestData.RequireFashionMnist();
        var (code, output, err) = ConsoleCapture.Cli("train", "pixelcnn", "--runs-dir", _root, "--run", "p", "--train-size", "64",
            "--max-steps", "2", "--channels", "8", "--layers", "1");
        Assert.True(code == 0, err + output);
        string run = Path.Combine(_root, "p"), png = Path.Combine(_root, "c.png");
        (code, output, err) = ConsoleCapture.Cli("complete", run, "3", "--hole", "rect:8,6,10,12", "--draws", "2", "--seed", "5", "--out", png);
        Assert.True(code == 0, err + output);
        Assert.Contains("rectangle rows 8..17 × columns 6..17 of test image 3", output);
        Assert.Contains("PSNR of the hidden pixels", output);
        Assert.Contains("bits/dim", output);
        var picture = PngReader.Read(png);
        Assert.Equal(5 * 30 + 2, picture.Width); // image, visible part, 2 completions, their mean
        (code, _, err) = ConsoleCapture.Cli("complete", run, "3", "--hole", "rect:20,20,10,10");
        Assert.Equal(2, code);
        Assert.Contains("does not fit in a 28×28 image", err);
        (code, _, err) = ConsoleCapture.Cli("complete", run, "3", "--hole", "top");
        Assert.Equal(2, code);
        Assert.Contains("--hole", err);
        (code, _, err) = ConsoleCapture.Cli("complete", run, "99999");
        Assert.Equal(2, code);
        Assert.Contains("test index 99999", err);
    }

    [SkippableFact]
    public void AVaeAndAFlowCompleteTheLowerHalfBySearchAndAGanIsRefused()
    {
        TestData.RequireFashionMnist();
        var (code, output, err) = ConsoleCapture.Cli("train", "vae", "--runs-dir", _root, "--run", "v", "--train-size", "256", "--max-steps", "4");
        Assert.True(code == 0, err + output);
        string png = Path.Combine(_root, "v.png");
        (code, output, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "v"), "0", "--draws", "2", "--steps", "20", "--seed", "1", "--out", png);
        Assert.True(code == 0, err + output);
        Assert.Contains("MAP search in the latent space", output);
        Assert.Contains("PSNR of the hidden pixels", output);
        Assert.DoesNotContain("bits/dim", output);
        Assert.Equal(5 * 30 + 2, PngReader.Read(png).Width);
        // A range of test images is scored beside both baselines, with a grid and a JSON record.
        png = Path.Combine(_root, "range.png");
        (code, output, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "v"), "0..9", "--draws", "2", "--steps", "10", "--seed", "1", "--out", png);
        Assert.True(code == 0, err + output);
        Assert.Contains("test images 0..9", output);
        Assert.Contains("the nearest neighbour", output);
        Assert.Contains("the mean training image", output);
        var grid = PngReader.Read(png);
        Assert.Equal((8 * 30 + 2, 6 * 30 + 2), (grid.Width, grid.Height)); // 8 images; truth, visible, neighbour, mean, 2 draws
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(png, ".json")))!;
        Assert.Equal(10, (int)record["test_images"]!);
        foreach (var key in new[] { "single_completion", "mean_of_completions", "mean_image", "nearest_neighbour" })
            Assert.True(double.IsFinite((double)record["psnr_hidden_db"]![key]!), key);
        (code, _, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "v"), "5..2");
        Assert.Equal(2, code);
        Assert.Contains("is empty", err);
        (code, _, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "v"), "0..10000");
        Assert.Equal(2, code);
        Assert.Contains("test index 10000", err);
        (code, _, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "v"), "0", "--candidates", "3");
        Assert.Equal(2, code);
        Assert.Contains("--candidates is only for pixel models", err);
        (code, output, err) = ConsoleCapture.Cli("train", "realnvp-mlp", "--runs-dir", _root, "--run", "f", "--train-size", "128", "--max-steps", "2", "--couplings", "2", "--hidden", "32");
        Assert.True(code == 0, err + output);
        (code, output, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "f"), "0", "--hole", "centre", "--draws", "1", "--steps", "10", "--seed", "1", "--out", Path.Combine(_root, "f.png"));
        Assert.True(code == 0, err + output);
        Assert.Contains("MAP search in the latent space", output);
        (code, output, err) = ConsoleCapture.Cli("train", "gan", "--runs-dir", _root, "--run", "g", "--train-size", "128", "--max-steps", "1");
        Assert.True(code == 0, err + output);
        (code, _, err) = ConsoleCapture.Cli("complete", Path.Combine(_root, "g"), "0");
        Assert.Equal(2, code);
        Assert.Contains("cannot complete images", err);
    }
}
