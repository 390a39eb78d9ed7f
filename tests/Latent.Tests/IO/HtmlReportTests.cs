using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public sealed class HtmlReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("latent-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SmallPicturesAreShownAtThreeTimesTheirSizeAndCommandsAsCode()
    {
        var png = Path.Combine(_dir, "tile.png");
        ImageGrid.Save(Tensor.Rand([1, 1, 28, 28], new Generator(1)), png);
        int width = PngReader.Read(png).Width;
        var html = new HtmlReport("r").Picture(png, "one tile").Code("./latent demo --epochs 3 <x>").ToHtml();
        Assert.Contains($"width=\"{3 * width}\"", html);
        Assert.Contains("image-rendering:pixelated", html);
        Assert.Contains("<pre><code>./latent demo --epochs 3 &lt;x&gt;</code></pre>", html);
    }

    [Fact]
    public void AudioIsEmbeddedAsAPlayerOfTheWavBytes()
    {
        var wav = Path.Combine(_dir, "clip.wav");
        Latent.Data.WaveFile.Write(wav, new float[] { 0f, 0.5f, -0.5f, 0.25f }, 8000);
        var html = new HtmlReport("r").Audio(wav, "clip <1>").ToHtml();
        Assert.Contains("<audio controls", html);
        Assert.Contains("data:audio/wav;base64," + Convert.ToBase64String(File.ReadAllBytes(wav)), html);
        Assert.Contains("clip &lt;1&gt;", html);
        var text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "not audio");
        Assert.Contains("not a WAV file", Assert.Throws<ArgumentException>(() => new HtmlReport("r").Audio(text, "x")).Message);
        Assert.Throws<FileNotFoundException>(() => new HtmlReport("r").Audio(Path.Combine(_dir, "missing.wav"), "x"));
    }

    [Fact]
    public void PicturesAreEmbeddedAndTextIsEscaped()
    {
        var png = Path.Combine(_dir, "grid.png");
        ImageGrid.Save(Tensor.Rand([4, 1, 8, 8], new Generator(1)), png);
        var svg = Path.Combine(_dir, "plot.svg");
        var plot = new LinePlot { Title = "loss" };
        plot.Add("train", [3.0, 2.0, 1.5]);
        plot.Save(svg);
        var report = new HtmlReport("Run <demo>").Heading("Samples & more").Picture(png, "samples").Picture(svg, "curves")
            .Table(["epoch", "loss"], [["1", "3.0"]]).Paragraph("a < b");
        var html = report.ToHtml();
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("<svg", html);
        Assert.Contains("Run &lt;demo&gt;", html);
        Assert.Contains("a &lt; b", html);
        var path = Path.Combine(_dir, "index.html");
        report.Save(path);
        Assert.Equal(html, File.ReadAllText(path));
        Assert.Throws<FileNotFoundException>(() => report.Picture(Path.Combine(_dir, "missing.png"), "x"));
        Assert.Throws<ArgumentException>(() => report.Picture(path, "not a picture"));
    }
}
