using System.Text.Json.Nodes;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Style.Studies;

/// <summary>
/// Texture synthesis in two feature spaces: the trained ImageNet ResNet-18 and the shallow network of random filters
/// (Ustyuzhaninov et al. 2017), on python3-skimage's brick, grass and gravel photographs, same budget and start.
/// </summary>
public sealed class TextureBaselineStudy : Study
{
    /// <summary>Where Debian's <c>python3-skimage</c> keeps its sample photographs.</summary>
    public const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data";

    /// <inheritdoc />
    public override string Name => "texture-baseline";

    /// <inheritdoc />
    public override string Title => "Texture synthesis: ImageNet ResNet-18 features against one layer of random filters";

    /// <inheritdoc />
    public override string Explanation =>
        "Each row is one texture photograph: the source (resized), a texture synthesised from noise by matching Gram " +
        "matrices of one layer of random, untrained filters at five sizes, and one synthesised with the ResNet-18's " +
        "relu, layer1.1, layer2.1 and layer3.1. Same noise, same L-BFGS budget. Ustyuzhaninov et al. found that such a " +
        "shallow random network already synthesises many stationary textures about as well as a trained VGG: compare the " +
        "columns. The ResNet-18's first layer has stride 2 and barely sees pixel-level noise, so faint colour speckle " +
        "can remain in its column.";

    /// <inheritdoc />
    public override string? TypicalDuration => "about 3 minutes";

    /// <summary>The texture files (names in <see cref="SkimageData"/> or paths).</summary>
    public string[] Textures { get; init; } = ["brick.png", "grass.png", "gravel.png"];

    /// <summary>The side of the synthesised textures.</summary>
    public int Size { get; init; } = 96;

    /// <summary>Loss evaluations per texture.</summary>
    public int Evaluations { get; init; } = 100;

    /// <summary>Also synthesise with the ResNet-18 (false: the random filters only, e.g. when the ONNX file is absent).</summary>
    public bool IncludeResNet { get; init; } = true;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var networks = new List<IImageFeatureNetwork> { new RandomFilterNetwork((long)context.Seed) };
        if (IncludeResNet) networks.Add(ResNet18Layers.Load());
        var rows = new List<Tensor>();
        var results = new JsonObject();
        foreach (var texture in Textures)
        {
            string path = File.Exists(texture) ? texture : Path.Combine(SkimageData, texture);
            var source = StyleImages.Load(path, Size);
            rows.Add(StyleImages.Resize(source, Size, Size));
            var entry = new JsonObject();
            foreach (var network in networks)
            {
                var options = new StyleTransferOptions
                {
                    StyleLayers = network is RandomFilterNetwork ? [.. network.Layers] : new StyleTransferOptions().StyleLayers,
                    Evaluations = Evaluations, Seed = (long)context.Seed,
                };
                context.Report($"{Path.GetFileName(path)} on {network.Name}");
                var result = StyleTransfer.Texture(network, source, Size, Size, options);
                rows.Add(result.Image);
                entry[network.Name] = new JsonObject
                {
                    ["style_start"] = result.History[0]["style"], ["style_final"] = result.History[^1]["style"],
                    ["evaluations"] = result.History.Count, ["seconds"] = Math.Round(result.Seconds, 1),
                };
            }
            results[Path.GetFileNameWithoutExtension(path)] = entry;
        }
        StyleImages.Save(Tensor.Concat([.. rows], 0), context.Picture("textures.png",
            $"rows: {string.Join(", ", Textures)}; columns: source, {string.Join(", ", networks.Select(n => n.Name))}"), columns: networks.Count + 1);
        return new JsonObject { ["study"] = Name, ["size"] = Size, ["evaluations"] = Evaluations, ["textures"] = results };
    }
}
