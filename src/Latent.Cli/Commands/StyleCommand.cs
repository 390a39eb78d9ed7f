using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent style &lt;content&gt; &lt;style&gt;</c>: Gatys et al.'s neural style transfer on the imported ResNet-18 (or the
/// random-filter baseline); writes the result, content | style | result side by side, the loss curves, result.json
/// and index.html. <c>--sweep 1e-2,1e-3,…</c> renders one image per α/β ratio as a grid instead.
/// </summary>
internal static class StyleCommand
{
    public static Command Create()
    {
        var command = new Command("style", "Neural style transfer (Gatys et al.): render a content image in the style of another; PNG, JSON and a report page");
        var content = new Argument<string>("content") { Description = "content image (8-bit RGB or grey PNG), e.g. /usr/lib/python3/dist-packages/skimage/data/chelsea.png" };
        var style = new Argument<string>("style") { Description = "style image (PNG), e.g. …/skimage/data/gravel.png" };
        var shared = new StyleCommandOptions();
        var alpha = new Option<double>("--alpha") { Description = "α, the weight of the content loss", DefaultValueFactory = _ => 1 };
        var contentLayers = new Option<string?>("--content-layers") { Description = "comma-separated layers whose activations are kept (default for resnet18: layer2.1)" };
        var init = new Option<string>("--init") { Description = "starting image: content or noise", DefaultValueFactory = _ => "content" };
        var sweep = new Option<string?>("--sweep") { Description = "comma-separated α/β ratios: one image each, shown as a grid (e.g. 1e-2,1e-3,1e-4)" };
        command.Arguments.Add(content);
        command.Arguments.Add(style);
        shared.AddTo(command);
        foreach (var o in new Option[] { alpha, contentLayers, init, sweep }) command.Options.Add(o);
        command.SetAction(result => StyleCommandOptions.Guard("style", () =>
        {
            var network = shared.LoadNetwork(result);
            var bound = shared.Bind(result, network);
            var options = bound with
            {
                ContentWeight = result.GetValue(alpha),
                ContentLayers = StyleCommandOptions.Layers(result.GetValue(contentLayers)) ?? bound.ContentLayers,
                StartFromContent = result.GetValue(init) switch
                {
                    "content" => true,
                    "noise" => false,
                    var other => throw new ArgumentException($"unknown --init '{other}'; choose content or noise."),
                },
            };
            options.Validate();
            var ratios = StyleCommandOptions.Layers(result.GetValue(sweep))?.Select(r => double.TryParse(r, CultureInfo.InvariantCulture, out double v) ? v
                : throw new ArgumentException($"--sweep: '{r}' is not a number.")).ToArray();
            return Run(result.GetValue(content)!, result.GetValue(style)!, network, options, ratios, result.GetValue(shared.Out));
        }));
        return command;
    }

    private static int Run(string contentPath, string stylePath, IImageFeatureNetwork network, StyleTransferOptions options, double[]? ratios, string? outDir)
    {
        var content = StyleImages.Load(contentPath, options.Size, network.SizeMultiple);
        var style = StyleImages.Load(stylePath, options.StyleSize ?? options.Size, network.SizeMultiple);
        string name = $"{Path.GetFileNameWithoutExtension(contentPath)}-{Path.GetFileNameWithoutExtension(stylePath)}";
        var report = new SynthesisReport(outDir ?? Path.Combine("runs", $"style-{name}"), $"Style transfer: {name}");
        Console.WriteLine($"Style transfer {ShapeText(content)} ← {ShapeText(style)} on {network.Name}, {options.Optimizer}, {options.Evaluations} evaluations.");
        var json = StyleCommandOptions.ToJson(options, network);
        json["content"] = Path.GetFullPath(contentPath);
        json["style"] = Path.GetFullPath(stylePath);
        if (ratios != null)
        {
            var (images, results) = StyleTransfer.Sweep(network, content, style, options, ratios,
                (ratio, i, t) => { if (i == 1) Console.WriteLine($"α/β = {ratio:G3}"); StyleCommandOptions.Progress(i, t); });
            report.AddImages("sweep.png", Tensor.Concat([content, images], 0), $"content, then α/β = {string.Join(", ", ratios.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}", columns: ratios.Length + 1);
            json["sweep"] = new JsonArray([.. ratios.Zip(results, (r, res) => { var o = res.ToJson(); o["alpha_over_beta"] = r; return (JsonNode)o; })]);
            json["seconds_per_image"] = Math.Round(results.Average(r => r.Seconds), 1);
        }
        else
        {
            var result = StyleTransfer.Transfer(network, content, style, options, StyleCommandOptions.Progress);
            report.AddImages("result.png", result.Image, "the result");
            var styleShown = StyleImages.Resize(style, content.Shape[2], content.Shape[3]);
            report.AddImages("comparison.png", Tensor.Concat([content, styleShown, result.Image], 0), "content | style (resized to the content's shape) | result", columns: 3);
            report.AddCurve("loss.svg", "loss terms per evaluation",
                new Dictionary<string, IReadOnlyList<double>>
                {
                    ["total"] = StyleCommandOptions.Series(result, "loss"), ["content"] = StyleCommandOptions.Series(result, "content"),
                    ["style"] = StyleCommandOptions.Series(result, "style"),
                });
            foreach (var (k, v) in result.ToJson()) json[k] = v?.DeepClone();
            Console.WriteLine($"{result.History.Count} evaluations in {result.Seconds:F1} s; loss {result.History[0]["loss"]:G4} → {result.History[^1]["loss"]:G4}.");
        }
        string page = report.Write("Gatys et al. (2016): the image is optimised so that its activations at the content layers match the content " +
            "image's and the Gram matrices of its style layers match the style image's, with a total-variation term against pixel noise.", json);
        Console.WriteLine($"Wrote {page}");
        return 0;
    }

    internal static string ShapeText(Tensor image) => $"{image.Shape[3]}×{image.Shape[2]}";
}
