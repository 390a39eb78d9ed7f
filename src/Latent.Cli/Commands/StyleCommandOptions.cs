using System.CommandLine;
using System.Text.Json.Nodes;
using Latent.Models.Style;

namespace Latent.Cli.Commands;

/// <summary>The options <c>latent style</c> and <c>latent texture</c> share: feature network, layers, weights, optimiser, budget, output.</summary>
internal sealed class StyleCommandOptions
{
    private static readonly StyleTransferOptions Defaults = new();

    public Option<string> Network { get; } = new("--network") { Description = "feature network: resnet18 (ImageNet, imported from ONNX) or random (one layer of random filters, the shallow baseline)", DefaultValueFactory = _ => "resnet18" };
    public Option<string?> ResNet { get; } = new("--resnet18") { Description = "ResNet18.onnx of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (default: $LATENT_RESNET18, else the NuGet cache)" };
    public Option<string?> StyleLayers { get; } = new("--style-layers") { Description = $"comma-separated layers whose Gram matrices are matched (default for resnet18: {string.Join(",", Defaults.StyleLayers)}; for random: every filter size)" };
    public Option<double> Beta { get; } = new("--beta") { Description = "β, the weight of the style loss", DefaultValueFactory = _ => Defaults.StyleWeight };
    public Option<double> Tv { get; } = new("--tv") { Description = "weight of the total-variation term", DefaultValueFactory = _ => Defaults.TvWeight };
    public Option<int> Size { get; } = new("--size") { Description = "longer side of the output in pixels", DefaultValueFactory = _ => Defaults.Size };
    public Option<int?> StyleSize { get; } = new("--style-size") { Description = "longer side the style image is resized to (default: --size)" };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "lbfgs or adam", DefaultValueFactory = _ => "lbfgs" };
    public Option<int> Evaluations { get; } = new("--evaluations") { Description = "budget of network evaluations (forward + backward)", DefaultValueFactory = _ => Defaults.Evaluations };
    public Option<double> Lr { get; } = new("--lr") { Description = "Adam's learning rate on pixels in [0, 1]", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<long> Seed { get; } = new("--seed") { Description = "seed of the starting noise and of the random filters", DefaultValueFactory = _ => 1 };
    public Option<string?> Out { get; } = new("--out") { Description = "output folder (default: runs/<command>-<image names>)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Network, ResNet, StyleLayers, Beta, Tv, Size, StyleSize, Optimizer, Evaluations, Lr, Seed, Out }) command.Options.Add(o);
    }

    /// <summary>The feature network named by <c>--network</c>.</summary>
    public IImageFeatureNetwork LoadNetwork(ParseResult result) => result.GetValue(Network) switch
    {
        "resnet18" => ResNet18Layers.Load(result.GetValue(ResNet)),
        "random" => new RandomFilterNetwork(result.GetValue(Seed)),
        var other => throw new ArgumentException($"unknown --network '{other}'; choose resnet18 or random."),
    };

    /// <summary>The settings from the shared options; the network decides the default layers.</summary>
    public StyleTransferOptions Bind(ParseResult result, IImageFeatureNetwork network) => new()
    {
        StyleLayers = Layers(result.GetValue(StyleLayers)) ?? (network is RandomFilterNetwork ? [.. network.Layers] : Defaults.StyleLayers),
        ContentLayers = network is RandomFilterNetwork ? [network.Layers[0]] : Defaults.ContentLayers,
        StyleWeight = result.GetValue(Beta),
        TvWeight = result.GetValue(Tv),
        Size = result.GetValue(Size),
        StyleSize = result.GetValue(StyleSize),
        Optimizer = result.GetValue(Optimizer) switch
        {
            "lbfgs" => ImageOptimizerKind.Lbfgs,
            "adam" => ImageOptimizerKind.Adam,
            var other => throw new ArgumentException($"unknown --optimizer '{other}'; choose lbfgs or adam."),
        },
        Evaluations = result.GetValue(Evaluations),
        LearningRate = result.GetValue(Lr),
        Seed = result.GetValue(Seed),
    };

    /// <summary>A comma-separated list, or null when not given.</summary>
    public static string[]? Layers(string? text)
        => string.IsNullOrWhiteSpace(text) ? null : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Prints every tenth evaluation.</summary>
    public static void Progress(int evaluation, IReadOnlyDictionary<string, double> terms)
    {
        if (evaluation == 1 || evaluation % 10 == 0)
            Console.WriteLine($"  {evaluation,4}: " + string.Join("  ", terms.Where(kv => !kv.Key.Contains(':')).Select(kv => $"{kv.Key} {kv.Value:G4}")));
    }

    /// <summary>The settings as JSON.</summary>
    public static JsonObject ToJson(StyleTransferOptions o, IImageFeatureNetwork network) => new()
    {
        ["network"] = network.Name,
        ["style_layers"] = string.Join(",", o.StyleLayers),
        ["content_layers"] = string.Join(",", o.ContentLayers),
        ["alpha"] = o.ContentWeight,
        ["beta"] = o.StyleWeight,
        ["tv"] = o.TvWeight,
        ["optimizer"] = o.Optimizer.ToString().ToLowerInvariant(),
        ["evaluations_budget"] = o.Evaluations,
        ["seed"] = o.Seed,
    };

    /// <summary>Runs <paramref name="action"/>, turning the errors a user can cause into a message and exit code 2.</summary>
    public static int Guard(string command, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or InvalidOperationException or IOException or NotSupportedException)
        {
            Console.Error.WriteLine($"latent {command}: {e.Message}");
            return 2;
        }
    }

    /// <summary>Each history entry's value of <paramref name="term"/> (entries without it skipped).</summary>
    public static IReadOnlyList<double> Series(StyleResult result, string term)
        => [.. result.History.Where(t => t.ContainsKey(term)).Select(t => t[term])];
}
