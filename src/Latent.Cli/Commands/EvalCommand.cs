using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Classifiers;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Spectre.Console;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent eval &lt;run&gt;...</c>: scores each run's model with every metric its capabilities allow (FID, KID, IS,
/// precision/recall/density/coverage on samples; NLL, bits/dim, IWAE for likelihood models) against one feature
/// network, writes <c>eval.json</c> into each run and prints one table with the reference rows (test set, mean image,
/// pixel Gaussian).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Score trained runs with FID, KID, IS, precision/recall and likelihoods; writes <run>/eval.json and prints a table");
        var runs = new Argument<string[]>("run") { Description = "run directories, or run names under runs/", Arity = ArgumentArity.OneOrMore };
        var samples = new Option<int>("--samples") { Description = "samples drawn from each model (and real images in each reference set)", DefaultValueFactory = _ => 10_000 };
        var metrics = new Option<string>("--metrics") { Description = "comma-separated: fid, kid, is, pr, nll", DefaultValueFactory = _ => "fid,kid,is,pr,nll" };
        var features = new Option<string>("--features") { Description = "feature network: fmnist-cnn (trained here once and cached) or resnet18 (ImageNet, imported from ONNX; about 1.8 GFLOP per image)", DefaultValueFactory = _ => FashionMnistFeatureNetwork.Name };
        var resnet = new Option<string?>("--resnet18") { Description = "ResNet18.onnx of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (default: $LATENT_RESNET18, else the NuGet cache)" };
        var featureNet = new Option<string?>("--feature-net") { Description = "the fmnist-cnn weights file (default: $LATENT_FEATURES, else ~/.cache/latent/fmnist-cnn.safetensors; trained there when missing)" };
        var save = new Option<string?>("--save-features") { Description = "directory to save every feature matrix in as .npy" };
        var seed = new Option<long>("--seed") { Description = "seed of the samples and subsets (same seed, same numbers)", DefaultValueFactory = _ => 1 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Fashion-MNIST directory (default: $LATENT_DATA, then /usr/share/datasets/fashion-mnist)" };
        var table = new Option<string?>("--table") { Description = "also write the whole table as one JSON file" };
        var temperature = new Option<double?>("--temperature") { Description = "sampling temperature for models that have one (flows, WaveNet) when they draw without labels (default: 1)" };
        foreach (var o in new Option[] { samples, metrics, features, featureNet, resnet, save, seed, dataDir, table, temperature }) command.Options.Add(o);
        command.Arguments.Add(runs);
        command.SetAction(result =>
        {
            try
            {
                var settings = new EvaluationSettings
                {
                    Samples = result.GetValue(samples),
                    Metrics = EvaluationSettings.ParseMetrics(result.GetValue(metrics)!),
                    Seed = result.GetValue(seed),
                    SaveFeaturesDirectory = result.GetValue(save),
                    Temperature = result.GetValue(temperature),
                };
                string name = result.GetValue(features)!;
                string? file = name == ResNet18Features.NetworkName ? result.GetValue(resnet) : result.GetValue(featureNet);
                return Run(result.GetValue(runs)!, settings, name, file, result.GetValue(dataDir), result.GetValue(table));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException or NotSupportedException)
            {
                Console.Error.WriteLine($"latent eval: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Evaluates the runs; <paramref name="networkFile"/> is the feature network's file (null: its default place).</summary>
    internal static int Run(string[] runPaths, EvaluationSettings settings, string features, string? networkFile, string? dataDir, string? tablePath)
    {
        settings.Validate();
        var opened = runPaths.Select(Open).ToList(); // every run must open before any work starts
        var clock = Stopwatch.StartNew();
        IFeatureNetwork network = features switch
        {
            FashionMnistFeatureNetwork.Name => FashionMnistFeatureNetwork.LoadOrTrain(networkFile ?? FashionMnistFeatureNetwork.DefaultPath, dataDir, Console.WriteLine),
            ResNet18Features.NetworkName => ResNet18Features.Load(ResNet18Features.Locate(networkFile)),
            _ => throw new ArgumentException($"unknown feature network '{features}'; choose {FashionMnistFeatureNetwork.Name} or {ResNet18Features.NetworkName}."),
        };
        var reference = EvaluationReference.Create(network, FashionMnist.Load(DatasetSplit.Train, dataDir), FashionMnist.Load(DatasetSplit.Test, dataDir), settings);
        var referenceRows = Evaluation.ReferenceRows(reference);
        Console.WriteLine($"Reference ({network.Name} features, {reference.TrainFeatures.Shape[0]} training and {reference.TestImages.Shape[0]} test images) in {clock.Elapsed.TotalSeconds:F1} s.");
        var rows = new List<(EvaluationRow, JsonObject)>();
        foreach (var trained in opened)
        {
            var heldOut = trained.Setup.Model is ILikelihoodModel ? Evaluation.HeldOutInputs(trained.Setup.Test, settings.LikelihoodExamples) : null;
            var row = Evaluation.EvaluateModel(trained.Run.Name, trained.Setup.Model, reference, heldOut);
            var about = About(trained);
            string path = EvaluationReport.Write(trained.Run.Path, EvaluationReport.ToJson(row, referenceRows, reference, about));
            Console.WriteLine($"{trained.Run.Name}: {row.Seconds:F1} s, wrote {path}");
            rows.Add((row, about));
        }
        var evaluation = new EvaluationTable(referenceRows, rows);
        Print(evaluation);
        if (tablePath != null)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(tablePath)) is { } dir) Directory.CreateDirectory(dir);
            AtomicFile.WriteJson(tablePath, evaluation.ToJson(reference, new JsonObject { ["command"] = "latent eval " + string.Join(" ", runPaths) }));
            Console.WriteLine($"Table written to {tablePath}.");
        }
        Console.WriteLine($"Total {clock.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    private static TrainedRun Open(string runPath)
    {
        var dir = Directory.Exists(runPath) ? runPath : Path.Combine(RunDirectory.DefaultRoot, runPath);
        if (!Directory.Exists(dir)) throw new IOException($"run '{runPath}' not found (looked in '{runPath}' and '{dir}').");
        if (!File.Exists(Path.Combine(dir, "config.json"))) throw new InvalidDataException($"'{dir}' is not a run directory: it has no config.json.");
        return TrainedRun.Open(new RunDirectory(dir));
    }

    private static JsonObject About(TrainedRun trained)
    {
        var metrics = trained.Run.ReadMetrics();
        var about = new JsonObject
        {
            ["run"] = trained.Run.Path,
            ["model"] = trained.Spec.Name,
            ["family"] = trained.Spec.Family,
            ["steps"] = metrics.Count > 0 ? metrics[^1].Step : 0,
        };
        if (trained.Config["epochs"] is { } epochs) about["epochs"] = epochs.DeepClone();
        return about;
    }

    private static void Print(EvaluationTable evaluation)
    {
        var columns = evaluation.Columns();
        var table = new Table().AddColumn("row").AddColumn("model");
        foreach (var (_, header) in columns) table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var row in evaluation.Reference)
            table.AddRow([Markup.Escape(row.Name), row.Kind, .. columns.Select(c => EvaluationTable.Cell(row, c.Key))]);
        foreach (var (row, about) in evaluation.Runs)
            table.AddRow([Markup.Escape(row.Name), Markup.Escape(about["model"]?.ToString() ?? ""), .. columns.Select(c => EvaluationTable.Cell(row, c.Key))]);
        if (!ConsoleProgress.IsInteractive) AnsiConsole.Console.Profile.Width = Math.Max(AnsiConsole.Console.Profile.Width, 160);
        AnsiConsole.Write(table);
    }
}
