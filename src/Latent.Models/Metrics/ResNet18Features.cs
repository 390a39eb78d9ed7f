using System.Security.Cryptography;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The ImageNet ResNet-18 of NuGet's <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> (0.23.1), imported from its
/// <c>ResNet18.onnx</c> (opset 8, 512-d pooled features, no classifier head) and run on Latent's own engine through
/// <see cref="OnnxGraph"/>: a frozen feature network for FID, KID and precision/recall, and for any layer (style
/// transfer, deep dream). The package only carries the files: neither ML.NET nor ONNX Runtime is needed. The network
/// is CNTK's export and takes what the package's <c>ResNetPreprocess.onnx</c> makes of an RGB image in 0–255: the
/// channels reordered to BGR, minus a 224 × 224 mean image (read from that file). <see cref="Prepare"/> does the same
/// after the Inception conventions for other images: resized bilinearly to 224 × 224, grey replicated to 3 channels,
/// [0, 1] scaled to 0–255.
/// </summary>
public sealed class ResNet18Features : IFeatureNetwork
{
    /// <summary>The SHA-256 of the <c>ResNet18.onnx</c> shipped in the package, checked on load.</summary>
    public const string Sha256 = "e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f";

    /// <summary>The name of the network in <c>--features</c> and <c>eval.json</c>.</summary>
    public const string NetworkName = "resnet18";

    /// <summary>The package and version that carry the file.</summary>
    public const string Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>The package version.</summary>
    public const string PackageVersion = "0.23.1";

    /// <summary>The SHA-256 of the package's <c>ResNetPreprocess.onnx</c> (channel reorder and mean image).</summary>
    public const string PreprocessSha256 = "84bf8def78d0befaa3f6e73745d57d7016c6a192ead76f79686bd438c1047004";

    private readonly string? _layer;

    private ResNet18Features(OnnxGraph graph, Tensor meanImage, string? layer)
    {
        Graph = graph;
        MeanImage = meanImage;
        _layer = layer;
        Output = layer ?? graph.Model.Outputs[0].Name;
    }

    /// <summary>The BGR mean image [1, 3, 224, 224] in 0–255 that the network's inputs are centred on.</summary>
    public Tensor MeanImage { get; }

    /// <summary>The path of the preprocessing model beside <paramref name="resnetPath"/> in the package (…/ResNetPrepOnnx/ResNetPreprocess.onnx).</summary>
    public static string PreprocessPath(string resnetPath)
        => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(resnetPath)))!, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>The imported graph.</summary>
    public OnnxGraph Graph { get; }

    /// <summary>The value whose activations are the features (the pooled output unless a layer was named).</summary>
    public string Output { get; }

    /// <inheritdoc />
    public string Name => _layer == null ? NetworkName : $"{NetworkName}:{_layer}";

    /// <inheritdoc />
    /// <remarks>512 for the pooled output; for an inner layer, its C·H·W at 224 × 224 (computed by one forward pass).</remarks>
    public int FeatureDim => _featureDim ??= _layer == null ? 512 : Forward(Tensor.Zeros(1, 3, 224, 224)).Shape[1];

    private int? _featureDim;

    /// <summary>
    /// Where the file is looked for: <paramref name="path"/>, else <c>$LATENT_RESNET18</c>, else the NuGet cache
    /// (<c>$NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>)/microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file is there; the message says how to get it.</exception>
    public static string Locate(string? path = null)
    {
        if (path != null)
            return File.Exists(path) ? path : throw new FileNotFoundException($"ResNet-18 ONNX file '{path}' does not exist.", path);
        var env = Environment.GetEnvironmentVariable("LATENT_RESNET18");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string candidate = Path.Combine(packages, Package.ToLowerInvariant(), PackageVersion, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            $"ResNet18.onnx was not found at '{candidate}'. It comes with the NuGet package {Package} {PackageVersion}: " +
            "`dotnet restore tests/Latent.Tests` downloads it into the NuGet cache, or pass its path (--resnet18 PATH or $LATENT_RESNET18).", candidate);
    }

    /// <summary>
    /// Loads the network (and the mean image from the preprocessing file beside it), checking both SHA-256s, taking
    /// features from <paramref name="layer"/> (a value name of the graph) or the pooled output.
    /// </summary>
    /// <exception cref="InvalidDataException">A file's hash is not the package's, or it does not parse.</exception>
    /// <exception cref="FileNotFoundException">The preprocessing file is not beside the network.</exception>
    /// <exception cref="ArgumentException">The layer is not a value of the graph.</exception>
    public static ResNet18Features Load(string path, string? layer = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckHash(path, Sha256);
        string pre = PreprocessPath(path);
        if (!File.Exists(pre)) throw new FileNotFoundException($"the preprocessing model '{pre}' of {Package} is missing beside '{path}'.", pre);
        CheckHash(pre, PreprocessSha256);
        var preprocess = OnnxModel.Read(pre);
        if (!preprocess.Initializers.TryGetValue("MeanImage", out var mean) || !mean.Shape.SequenceEqual([1, 3, 224, 224]))
            throw new InvalidDataException($"'{pre}' holds no MeanImage [1, 3, 224, 224].");
        var graph = new OnnxGraph(OnnxModel.Read(path));
        if (layer != null && !graph.ValueNames.Contains(layer))
            throw new ArgumentException($"ResNet-18 has no layer '{layer}'; its values are {string.Join(", ", graph.ValueNames.Take(12))}, … .");
        return new ResNet18Features(graph, mean, layer);
    }

    private static void CheckHash(string path, string expected)
    {
        using var stream = File.OpenRead(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (hash != expected) throw new InvalidDataException($"'{path}' has SHA-256 {hash}, not the {Package} {PackageVersion} file's {expected}.");
    }

    /// <summary>
    /// The network input for images [N, 1 or 3, H, W] in [0, 1] (RGB): resized to 224 × 224, grey replicated to 3
    /// channels, scaled to 0–255, reordered to BGR, minus <see cref="MeanImage"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, 1 or 3, H, W].</exception>
    public Tensor Prepare(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Shape[1] is not (1 or 3))
            throw new ArgumentException($"ResNet-18 takes images [N, 1 or 3, H, W], got {Common.ShapeText.Format(images.Shape)}.", nameof(images));
        using var _ = Autograd.NoGrad();
        var x = images.Shape[2] == 224 && images.Shape[3] == 224 ? images : images.UpsampleBilinear(224, 224);
        x = x.Shape[1] == 1 ? x.Expand(x.Shape[0], 3, 224, 224) : x.Flip(1);
        return x * 255f - MeanImage;
    }

    /// <summary>The chosen layer's activations [N, ...] for a prepared input [N, 3, 224, 224].</summary>
    public Tensor Forward(Tensor prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var output = Graph.Run(prepared, [Output])[Output];
        return output.Reshape(output.Shape[0], output.Size / output.Shape[0]);
    }

    /// <inheritdoc />
    public Tensor Features(Tensor images) => Forward(Prepare(images));
}
