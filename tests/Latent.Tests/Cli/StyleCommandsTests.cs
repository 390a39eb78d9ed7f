using Latent.IO;
using Latent.Tests.IO;

namespace Latent.Tests.Cli;

/// <summary>The input-optimisation commands on tiny images with the random-filter network: files written, clear errors.</summary>
public class StyleCommandsTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => ConsoleCapture.Cli(args);

    private static string Picture(TempDirectory dir, string name, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[24 * 24 * 3];
        rng.NextBytes(pixels);
        string path = dir.File(name);
        PngWriter.Write(path, new PngImage(24, 24, 3, pixels));
        return path;
    }

    [Fact]
    public void StyleTextureAndDreamWritePicturesJsonAndAPage()
    {
        using var dir = new TempDirectory();
        string a = Picture(dir, "a.png", 1), b = Picture(dir, "b.png", 2);
        var (code, _, err) = Run("style", a, b, "--network", "random", "--size", "24", "--evaluations", "4", "--out", dir.File("style"));
        Assert.True(code == 0, err);
        (code, _, err) = Run("texture", b, "--network", "random", "--size", "24", "--evaluations", "4", "--optimizer", "adam", "--out", dir.File("texture"));
        Assert.True(code == 0, err);
        (code, _, err) = Run("dream", a, "--network", "random", "--layer", "k3", "--size", "32", "--octaves", "2", "--steps", "2", "--out", dir.File("dream"));
        Assert.True(code == 0, err);
        foreach (var (folder, picture) in new[] { ("style", "result.png"), ("texture", "texture.png"), ("dream", "dream.png") })
        {
            Assert.True(File.Exists(dir.File($"{folder}/{picture}")), $"{folder}/{picture}");
            Assert.True(File.Exists(dir.File($"{folder}/result.json")), $"{folder}/result.json");
            Assert.Contains("<img", File.ReadAllText(dir.File($"{folder}/index.html")));
        }
        Assert.Equal(3, PngReader.Read(dir.File("style/result.png")).Channels);
    }

    [Fact]
    public void BadInputsGetErrorsNamingTheProblem()
    {
        using var dir = new TempDirectory();
        string a = Picture(dir, "a.png", 1);
        var (code, _, err) = Run("style", a, dir.File("missing.png"), "--network", "random", "--size", "24");
        Assert.Equal(2, code);
        Assert.Contains("missing.png", err);
        (code, _, err) = Run("texture", a, "--network", "random", "--style-layers", "k4");
        Assert.Equal(2, code);
        Assert.Contains("k4", err);
        (code, _, err) = Run("texture", a, "--network", "vgg");
        Assert.Equal(2, code);
        Assert.Contains("--network", err);
        (code, _, err) = Run("dream", a, "--network", "random", "--octaves", "0");
        Assert.Equal(2, code);
        Assert.Contains("--octaves", err);
        (code, _, err) = Run("visualize", dir.File("no-such-run"));
        Assert.Equal(2, code);
        Assert.Contains("no-such-run", err);
    }
}
