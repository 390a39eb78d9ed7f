using System.CommandLine;
using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent texture &lt;image&gt;</c>: texture synthesis from noise (Gatys et al. 2015): matches the Gram matrices of a
/// texture photograph on the ResNet-18 or on the shallow random-filter network; writes the texture, source | result,
/// the loss curve, result.json and index.html.
/// </summary>
internal static class TextureCommand
{
    public static Command Create()
    {
        var command = new Command("texture", "Texture synthesis from noise by matching Gram matrices (Gatys et al.); PNG, JSON and a report page");
        var image = new Argument<string>("image") { Description = "texture photograph (PNG), e.g. /usr/lib/python3/dist-packages/skimage/data/brick.png" };
        var shared = new StyleCommandOptions();
        command.Arguments.Add(image);
        shared.AddTo(command);
        command.SetAction(result => StyleCommandOptions.Guard("texture", () =>
        {
            var network = shared.LoadNetwork(result);
            var options = shared.Bind(result, network);
            options.Validate();
            return Run(result.GetValue(image)!, network, options, result.GetValue(shared.Out));
        }));
        return command;
    }

    private static int Run(string path, IImageFeatureNetwork network, StyleTransferOptions options, string? outDir)
    {
        var source = StyleImages.Load(path, options.StyleSize ?? options.Size, network.SizeMultiple);
        string name = Path.GetFileNameWithoutExtension(path);
        var report = new SynthesisReport(outDir ?? Path.Combine("runs", $"texture-{name}-{network.Name}"), $"Texture synthesis: {name} on {network.Name}");
        int side = (int)Math.Round((double)options.Size / network.SizeMultiple) * network.SizeMultiple;
        Console.WriteLine($"Texture {side}×{side} from {StyleCommand.ShapeText(source)} on {network.Name}, {options.Optimizer}, {options.Evaluations} evaluations.");
        var result = StyleTransfer.Texture(network, source, side, side, options, StyleCommandOptions.Progress);
        report.AddImages("texture.png", result.Image, "the synthesised texture");
        report.AddImages("comparison.png", Tensor.Concat([StyleImages.Resize(source, side, side), StyleTransfer.Noise(side, side, options.Seed), result.Image], 0),
            "source (resized) | starting noise | synthesised", columns: 3);
        report.AddCurve("loss.svg", "style loss per evaluation",
            network.Layers.Where(options.StyleLayers.Contains).ToDictionary(l => l, l => StyleCommandOptions.Series(result, $"style:{l}")));
        var json = StyleCommandOptions.ToJson(options, network);
        json["source"] = Path.GetFullPath(path);
        foreach (var (k, v) in result.ToJson()) json[k] = v?.DeepClone();
        Console.WriteLine($"{result.History.Count} evaluations in {result.Seconds:F1} s; style loss {result.History[0]["style"]:G4} → {result.History[^1]["style"]:G4}.");
        string page = report.Write("Gatys et al. (2015): starting from noise, the image is optimised so that the Gram matrices of its activations " +
            "(the correlations between feature maps, averaged over positions) match the source texture's at every chosen layer.", json);
        Console.WriteLine($"Wrote {page}");
        return 0;
    }
}
