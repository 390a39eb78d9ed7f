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
}
