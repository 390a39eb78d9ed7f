using System.CommandLine;
using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent dream &lt;image&gt;</c>: deep dream on the imported ResNet-18 (or the random-filter network): gradient ascent
/// on one layer's activations with octaves, jitter and normalised steps; writes the dream, photo | dream, the
/// objective curve, result.json and index.html.
/// </summary>
internal static class DreamCommand
{
    public static Command Create()
    {
        var defaults = new DeepDreamOptions();
        var command = new Command("dream", "Deep dream: amplify what one layer of the ResNet-18 sees in a photograph; PNG, JSON and a report page");
        var image = new Argument<string>("image") { Description = "photograph (PNG), e.g. /usr/lib/python3/dist-packages/skimage/data/coffee.png" };
        var shared = new StyleCommandOptions();
        var layer = new Option<string>("--layer") { Description = "layer whose activations are amplified (resnet18: relu, pool, layer1.0 … layer4.2)", DefaultValueFactory = _ => defaults.Layer };
        var octaves = new Option<int>("--octaves") { Description = "number of scales, smallest first", DefaultValueFactory = _ => defaults.Octaves };
        var scale = new Option<double>("--octave-scale") { Description = "ratio between scales", DefaultValueFactory = _ => defaults.OctaveScale };
        var steps = new Option<int>("--steps") { Description = "ascent steps per octave", DefaultValueFactory = _ => defaults.StepsPerOctave };
        var stepSize = new Option<double>("--step-size") { Description = "step = gradient / mean|gradient| × this", DefaultValueFactory = _ => defaults.StepSize };
        var jitter = new Option<int>("--jitter") { Description = "largest random shift in pixels before each step", DefaultValueFactory = _ => defaults.Jitter };
        var size = new Option<int>("--size") { Description = "longer side of the image in pixels", DefaultValueFactory = _ => defaults.Size };
        command.Arguments.Add(image);
        foreach (var o in new Option[] { shared.Network, shared.ResNet, layer, octaves, scale, steps, stepSize, jitter, size, shared.Seed, shared.Out }) command.Options.Add(o);
        command.SetAction(result => StyleCommandOptions.Guard("dream", () =>
        {
            var options = new DeepDreamOptions
            {
                Layer = result.GetValue(layer)!, Octaves = result.GetValue(octaves), OctaveScale = result.GetValue(scale), StepsPerOctave = result.GetValue(steps),
                StepSize = result.GetValue(stepSize), Jitter = result.GetValue(jitter), Size = result.GetValue(size), Seed = result.GetValue(shared.Seed),
            };
            options.Validate();
            return Run(result.GetValue(image)!, shared.LoadNetwork(result), options, result.GetValue(shared.Out));
        }));
        return command;
    }

    private static int Run(string path, IImageFeatureNetwork network, DeepDreamOptions options, string? outDir)
    {
        var photo = StyleImages.Load(path, options.Size, network.SizeMultiple);
        string name = Path.GetFileNameWithoutExtension(path);
        var report = new SynthesisReport(outDir ?? Path.Combine("runs", $"dream-{name}-{options.Layer}"), $"Deep dream: {name}, {network.Name} {options.Layer}");
        Console.WriteLine($"Dreaming {StyleCommand.ShapeText(photo)} on {network.Name} {options.Layer}: {options.Octaves} octaves × {options.StepsPerOctave} steps.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (dream, objectives) = DeepDream.Dream(network, photo, options,
            (o, s, v) => { if (s == options.StepsPerOctave) Console.WriteLine($"  octave {o}: ½·mean(a²) {v:G4}"); });
        double seconds = clock.Elapsed.TotalSeconds;
        report.AddImages("dream.png", dream, "the dream");
        report.AddImages("comparison.png", Tensor.Concat([photo, dream], 0), "photograph | dream", columns: 2);
        report.AddCurve("objective.svg", "½·mean(a²) before each step (octaves one after another)",
            new Dictionary<string, IReadOnlyList<double>> { [options.Layer] = objectives });
        double final = DeepDream.Objective(network, dream, options.Layer).Item(), initial = DeepDream.Objective(network, photo, options.Layer).Item();
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["image"] = Path.GetFullPath(path), ["network"] = network.Name, ["layer"] = options.Layer, ["octaves"] = options.Octaves,
            ["octave_scale"] = options.OctaveScale, ["steps_per_octave"] = options.StepsPerOctave, ["step_size"] = options.StepSize,
            ["jitter"] = options.Jitter, ["seed"] = options.Seed, ["height"] = dream.Shape[2], ["width"] = dream.Shape[3],
            ["objective_photo"] = initial, ["objective_dream"] = final, ["seconds"] = Math.Round(seconds, 1),
        };
        Console.WriteLine($"½·mean(a²) at full size: photo {initial:G4} → dream {final:G4}, {seconds:F1} s.");
        string page = report.Write("Deep dream (Mordvintsev et al. 2015): gradient ascent on ½·mean(a²) of one layer, at several scales " +
            "(octaves, smallest first, the added detail carried up), with random jitter and steps normalised by the gradient's mean magnitude.", json);
        Console.WriteLine($"Wrote {page}");
        return 0;
    }
}
