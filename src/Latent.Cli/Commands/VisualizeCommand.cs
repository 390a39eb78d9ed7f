using System.CommandLine;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent visualize &lt;run&gt;...</c>: class visualisation of trained classifier runs (any model with the
/// <see cref="IDifferentiableClassifier"/> capability, e.g. <c>latent train classifier --arch linear</c> or the CNN):
/// one image per class that maximises its score, a row per run, the Fashion-MNIST class averages as the last row.
/// </summary>
internal static class VisualizeCommand
{
    public static Command Create()
    {
        var defaults = new ClassVisualizationOptions();
        var command = new Command("visualize", "Class visualisation: the input that maximises each class score of trained classifiers, beside the class averages");
        var runs = new Argument<string[]>("run") { Description = "classifier run directories, or run names under runs/", Arity = ArgumentArity.OneOrMore };
        var steps = new Option<int>("--steps") { Description = "ascent steps", DefaultValueFactory = _ => defaults.Steps };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate on the pixels", DefaultValueFactory = _ => defaults.LearningRate };
        var l2 = new Option<double>("--l2") { Description = "λ of the L2 penalty λ‖x‖²", DefaultValueFactory = _ => defaults.L2 };
        var blurEvery = new Option<int>("--blur-every") { Description = "blur every this many steps (0: never)", DefaultValueFactory = _ => defaults.BlurEvery };
        var sigma = new Option<double>("--blur-sigma") { Description = "standard deviation of the blur in pixels", DefaultValueFactory = _ => defaults.BlurSigma };
        var dataDir = new Option<string?>("--data-dir") { Description = "Fashion-MNIST directory for the class averages (default: $LATENT_DATA, then /usr/share/datasets/fashion-mnist)" };
        var output = new Option<string?>("--out") { Description = "output folder (default: runs/visualize-<run names>)" };
        command.Arguments.Add(runs);
        foreach (var o in new Option[] { steps, lr, l2, blurEvery, sigma, dataDir, output }) command.Options.Add(o);
        command.SetAction(result => StyleCommandOptions.Guard("visualize", () =>
        {
            var options = new ClassVisualizationOptions
            {
                Steps = result.GetValue(steps), LearningRate = result.GetValue(lr), L2 = result.GetValue(l2),
                BlurEvery = result.GetValue(blurEvery), BlurSigma = result.GetValue(sigma),
            };
            options.Validate();
            return Run(result.GetValue(runs)!, options, result.GetValue(dataDir), result.GetValue(output));
        }));
        return command;
    }

    private static int Run(string[] runPaths, ClassVisualizationOptions options, string? dataDir, string? outDir)
    {
        var opened = runPaths.Select(p => (Path: p, Run: Open(p))).ToList();
        var report = new SynthesisReport(outDir ?? Path.Combine("runs", "visualize-" + string.Join("-", opened.Select(o => o.Run.Run.Name))), "Class visualisation");
        var rows = new List<Tensor>();
        var json = new JsonObject { ["steps"] = options.Steps, ["lr"] = options.LearningRate, ["l2"] = options.L2, ["blur_every"] = options.BlurEvery, ["blur_sigma"] = options.BlurSigma };
        var perRun = new JsonArray();
        foreach (var (path, trained) in opened)
        {
            var classifier = trained.Setup.Model as IDifferentiableClassifier
                ?? throw new InvalidOperationException($"run '{path}' holds model '{trained.Spec.Name}', which is not a differentiable classifier.");
            var (images, scores) = ClassVisualization.Visualize(classifier, options);
            rows.Add(images);
            var arch = trained.Config["arch"]?.ToString();
            Console.WriteLine($"{trained.Run.Name} ({trained.Spec.Name}{(arch != null ? " " + arch : "")}): class scores " + string.Join(" ", scores[^1].Select(s => s.ToString("F1"))));
            perRun.Add(new JsonObject
            {
                ["run"] = trained.Run.Path, ["model"] = trained.Spec.Name, ["arch"] = arch,
                ["start_scores"] = new JsonArray([.. scores[0].Select(s => (JsonNode)Math.Round(s, 3))]),
                ["final_scores"] = new JsonArray([.. scores[^1].Select(s => (JsonNode)Math.Round(s, 3))]),
            });
        }
        json["runs"] = perRun;
        var train = FashionMnist.Load(DatasetSplit.Train, dataDir);
        var averages = ClassVisualization.ClassAverages(train.ToTensor(), train.Labels, train.ClassNames.Count);
        rows.Add(averages);
        json["classes"] = new JsonArray([.. train.ClassNames.Select(n => (JsonNode)n)]);
        report.AddImages("classes.png", Tensor.Concat([.. rows], 0),
            $"one row per run ({string.Join(", ", opened.Select(o => o.Run.Run.Name))}), then the class averages; columns: {string.Join(", ", train.ClassNames)}",
            columns: train.ClassNames.Count);
        string page = report.Write("Simonyan et al. (2014): each image climbs its class score S_k(x) − λ‖x‖² from a black start with Adam, " +
            "blurred every few steps (Yosinski et al. 2015) and kept in [0, 1]. For softmax regression the gradient is the class's weight row.", json);
        Console.WriteLine($"Wrote {page}");
        return 0;
    }

    private static TrainedRun Open(string runPath)
    {
        var dir = Directory.Exists(runPath) ? runPath : Path.Combine(RunDirectory.DefaultRoot, runPath);
        if (!Directory.Exists(dir)) throw new IOException($"run '{runPath}' not found (looked in '{runPath}' and '{dir}').");
        if (!File.Exists(Path.Combine(dir, "config.json"))) throw new InvalidDataException($"'{dir}' is not a run directory: it has no config.json.");
        return TrainedRun.Open(new RunDirectory(dir));
    }
}
