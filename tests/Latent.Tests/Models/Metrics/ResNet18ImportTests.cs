using Latent.IO;
using Latent.Models.Metrics;
using Latent.Tensors;
using Microsoft.ML.OnnxRuntime;
using Tensor = Latent.Tensors.Tensor;

namespace Latent.Tests.Models.Metrics;

/// <summary>The ResNet-18 imported from the NuGet package's ONNX file, checked against ONNX Runtime on real photographs.</summary>
public class ResNet18ImportTests
{
    private const string Photos = "/usr/lib/python3/dist-packages/skimage/data";

    private static string RequireResNet()
    {
        try
        {
            return ResNet18Features.Locate();
        }
        catch (FileNotFoundException e)
        {
            Skip.If(true, e.Message);
            throw;
        }
    }

    /// <summary>An RGB photograph as [1, 3, H, W] in [0, 1].</summary>
    private static Tensor Photo(string name)
    {
        string path = Path.Combine(Photos, name);
        Skip.IfNot(File.Exists(path), $"{path} is missing (apt-get install python3-skimage).");
        var png = PngReader.Read(path);
        var x = Tensor.Zeros(1, 3, png.Height, png.Width);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < png.Height; y++)
                for (int i = 0; i < png.Width; i++) x[0, c, y, i] = png[i, y, Math.Min(c, png.Channels - 1)] / 255f;
        return x;
    }

    private static float[] RunOnnxRuntime(string path, Tensor input)
    {
        using var session = new InferenceSession(path);
        string inputName = session.InputMetadata.Keys.Single();
        var tensor = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(input.ToArray(), input.Shape);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        return [.. results.First().AsEnumerable<float>()];
    }

    private static void AssertClose(float[] expected, float[] actual, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs((double)v));
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - (double)actual[i]));
        Assert.True(worst <= rtol * scale, $"{what}: max |Latent − ONNX Runtime| = {worst:G4}, {worst / scale:G3} of the largest value {scale:G4}");
    }

    [SkippableTheory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    public void ImportedResNet18MatchesOnnxRuntimeOnPhotographs(string photo)
    {
        string path = RequireResNet();
        var net = ResNet18Features.Load(path);
        var image = Photo(photo);

        // The preprocessing: Latent's Prepare against the package's ResNetPreprocess.onnx run by ONNX Runtime.
        var resized = image.UpsampleBilinear(224, 224) * 255f;
        var prepared = net.Prepare(image);
        AssertClose(RunOnnxRuntime(ResNet18Features.PreprocessPath(path), resized), prepared.ToArray(), 1e-6, $"{photo} preprocessing");

        // The network: Latent's engine against ONNX Runtime on the same input.
        var expected = RunOnnxRuntime(path, prepared);
        var features = net.Forward(prepared);
        Assert.Equal([1, 512], features.Shape);
        AssertClose(expected, features.ToArray(), 1e-4, $"{photo} features");
        Assert.True(expected.Count(v => v > 0) > 100, "the pooled features of a photograph are not mostly zero");
    }

    [SkippableFact]
    public void GreyImagesEnterResizedAndReplicatedAndAnyLayerCanBeTheFeatures()
    {
        var net = ResNet18Features.Load(RequireResNet());
        var grey = Tensor.Rand([2, 1, 28, 28], new Generator(3));
        var features = net.Features(grey);
        Assert.Equal([2, 512], features.Shape);
        // Grey replicated = the same grey in R, G and B, to float rounding: the bilinear resize is a matrix product over
        // every plane at once, and OpenBLAS's Zen kernels round a product's edge tiles by its shape and thread split, so
        // one plane and three differ in the last bit at some pixels (seen on a Zen 3).
        var colour = grey.Expand(2, 3, 28, 28).Clone();
        AssertClose(net.Prepare(colour).ToArray(), net.Prepare(grey).ToArray(), 1e-6, "prepared grey");
        AssertClose(net.Features(colour).ToArray(), features.ToArray(), 1e-5, "grey features");
        Assert.Equal(512, net.FeatureDim);

        string layer = net.Graph.ValueNames.First(n => n.StartsWith("ReLU", StringComparison.Ordinal));
        var early = ResNet18Features.Load(ResNet18Features.Locate(), layer);
        Assert.Equal(64 * 112 * 112, early.FeatureDim);
        Assert.Throws<ArgumentException>(() => ResNet18Features.Load(ResNet18Features.Locate(), "no-such-layer"));
    }

    [Fact]
    public void CorruptOrForeignOnnxFilesGetClearErrors()
    {
        using var dir = new Latent.Tests.IO.TempDirectory();
        string bad = dir.File("bad.onnx");
        File.WriteAllBytes(bad, [0x3A, 0xFF, 0x01]); // field 7 (graph), length far beyond the end
        Assert.Throws<InvalidDataException>(() => OnnxModel.Read(bad));
        Assert.Throws<InvalidDataException>(() => ResNet18Features.Load(bad)); // the hash is not the package's
        Assert.Throws<FileNotFoundException>(() => ResNet18Features.Locate(dir.File("missing.onnx")));
    }
}
