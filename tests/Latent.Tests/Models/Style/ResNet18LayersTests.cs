using Latent.IO;
using Latent.Models.Metrics;
using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Tests.Models.Style;

/// <summary>The imported ResNet-18 as a differentiable feature space (skipped when the NuGet package is not in the cache).</summary>
public class ResNet18LayersTests
{
    private const string Photos = "/usr/lib/python3/dist-packages/skimage/data";

    private static readonly Lazy<ResNet18Layers?> Shared = new(() =>
    {
        try { return ResNet18Layers.Load(); }
        catch (FileNotFoundException) { return null; }
    });

    private static ResNet18Layers Require()
    {
        Skip.If(Shared.Value == null, "ResNet18.onnx is not in the NuGet cache (dotnet restore tests/Latent.Tests).");
        return Shared.Value!;
    }

    [SkippableFact]
    public void LayersHaveTheResolutionsOfTheirStageAndGradientsReachTheImage()
    {
        var net = Require();
        var image = Tensor.Rand([1, 3, 64, 96], new Generator(1)).RequireGrad();
        var a = net.Activations(image, ["relu", "layer1.1", "layer2.1", "layer3.1"]);
        Assert.Equal([1, 64, 32, 48], a["relu"].Shape);
        Assert.Equal([1, 64, 16, 24], a["layer1.1"].Shape);
        Assert.Equal([1, 128, 8, 12], a["layer2.1"].Shape);
        Assert.Equal([1, 256, 4, 6], a["layer3.1"].Shape);
        a["layer2.1"].Mean().Backward();
        Assert.NotNull(image.Grad);
        Assert.True(image.Grad!.Abs().Sum().Item() > 0);
        Assert.Equal(net.ValueOf("layer2.1"), net.ValueOf(net.ValueOf("layer2.1"))); // raw value names are accepted too
        Assert.Contains("layer4.2", Assert.Throws<ArgumentException>(() => net.ValueOf("conv5")).Message);
    }

    [SkippableFact]
    public void ThePooledOutputAt224MatchesTheMetricsNetworkUpToTheMeanImage()
    {
        // Same weights, same preprocessing except the mean image's per-channel mean: the features are close.
        var net = Require();
        string chelsea = Path.Combine(Photos, "chelsea.png");
        Skip.IfNot(File.Exists(chelsea), $"{chelsea} is missing (apt-get install python3-skimage).");
        var resized = StyleImages.Resize(StyleImages.Load(chelsea), 224, 224);
        var ours = net.Activations(resized, ["layer4.2"])["layer4.2"].Mean([2, 3]).ToArray();
        var metrics = net.Network.Features(resized).ToArray();
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < 512; i++) { dot += ours[i] * (double)metrics[i]; na += ours[i] * (double)ours[i]; nb += metrics[i] * (double)metrics[i]; }
        Assert.True(dot / Math.Sqrt(na * nb) > 0.98, $"cosine {dot / Math.Sqrt(na * nb):F4}");
    }

    [SkippableFact]
    public void StyleTransferAndDeepDreamImproveTheirObjectivesOnAPhotograph()
    {
        var net = Require();
        string chelsea = Path.Combine(Photos, "chelsea.png"), gravel = Path.Combine(Photos, "gravel.png");
        Skip.IfNot(File.Exists(chelsea) && File.Exists(gravel), "python3-skimage's photographs are missing.");
        var content = StyleImages.Load(chelsea, 64, net.SizeMultiple);
        Assert.Equal([1, 3, 32, 64], content.Shape); // 451 × 300 → 64 × 43, rounded to multiples of 32
        var style = StyleImages.Load(gravel, 64, net.SizeMultiple);
        var result = StyleTransfer.Transfer(net, content, style, new StyleTransferOptions { Evaluations = 12 });
        Assert.True(result.History[^1]["loss"] < 0.9 * result.History[0]["loss"]);
        var (after, _) = DeepDream.Step(net, content, "layer2.0", 0.01);
        Assert.True(DeepDream.Objective(net, after, "layer2.0").Item() > DeepDream.Objective(net, content, "layer2.0").Item());
    }

    [Fact]
    public void ImagesLoadAsRgbInTheUnitRangeAndSaveAsPng()
    {
        using var dir = new Latent.Tests.IO.TempDirectory();
        var grey = new PngImage(20, 10, 1, [.. Enumerable.Range(0, 200).Select(i => (byte)i)]);
        string path = dir.File("grey.png");
        PngWriter.Write(path, grey);
        var x = StyleImages.Load(path);
        Assert.Equal([1, 3, 10, 20], x.Shape);
        Close.Assert(21 / 255.0, x[0, 2, 1, 1], atol: 1e-6); // grey replicated to every channel
        Assert.Equal([1, 3, 16, 32], StyleImages.Load(path, 32, 16).Shape);
        string copy = dir.File("out/copy.png");
        StyleImages.Save(x, copy);
        Assert.Equal(grey.Pixels[..20], PngReader.Read(copy).Pixels.Where((_, i) => i % 3 == 0).Take(20).ToArray());
        Assert.Throws<FileNotFoundException>(() => StyleImages.Load(dir.File("missing.png")));
    }
}
