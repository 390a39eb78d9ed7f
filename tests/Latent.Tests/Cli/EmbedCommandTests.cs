using System.Text.Json.Nodes;

namespace Latent.Tests.Cli;

/// <summary><c>latent embed</c>: a toy set end to end, and clear errors for a bad method or source.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class EmbedCommandTests
{
    [Fact]
    public void EmbedsAToySetAndWritesTheScatterAndItsNumbers()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"latent-embed-{Guid.NewGuid():N}");
        try
        {
            var svg = Path.Combine(dir, "moons.svg");
            var (code, output, err) = ConsoleCapture.Cli("embed", "toy:moons", "--method", "mds", "--n", "120", "--out", svg);
            Assert.True(code == 0, err);
            Assert.Contains("Trustworthiness", output);
            Assert.Contains("<svg", File.ReadAllText(svg));
            var json = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(svg, ".json")))!;
            // MDS of 2-D points is an exact isometry: every neighbourhood survives.
            Assert.Equal(1, json["trustworthiness"]!.GetValue<double>(), 1e-9);
            Assert.True(json["stress"]!.GetValue<double>() < 1e-6);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BadMethodOrSourceGivesAClearError()
    {
        var (code, _, err) = ConsoleCapture.Cli("embed", "toy:moons", "--method", "umap");
        Assert.Equal(2, code);
        Assert.Contains("--method must be tsne, mds or pca", err);
        (code, _, err) = ConsoleCapture.Cli("embed", "no-such-run-or-data");
        Assert.Equal(2, code);
        Assert.Contains("neither data", err);
    }
}
