using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Classifiers;
using Latent.Models.Metrics;

namespace Latent.Bench;

/// <summary>
/// The evaluation table of issue 16: every given run scored with the Fashion-MNIST CNN features (10,000 samples by
/// default) against the reference rows, timed phase by phase (feature network, reference, each run), with the feature
/// network's test accuracy and the ordering checks (the test set below every model on FID; DCGAN below the VAE).
/// Writes <c>bench/results/eval.json</c>. Usage: <c>eval [--samples N] [--resnet18-samples M] run...</c>; with
/// M &gt; 0 the same runs are also scored on M samples with the imported ResNet-18 features.
/// </summary>
internal static class EvalBench
{
    public static int Run(string[] args)
    {
        int samples = 10_000, resnetSamples = 0;
        var runs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--samples") samples = int.Parse(args[++i]);
            else if (args[i] == "--resnet18-samples") resnetSamples = int.Parse(args[++i]);
            else runs.Add(args[i]);
        }
        if (runs.Count == 0)
        {
            Console.Error.WriteLine("usage: eval [--samples N] [--resnet18-samples M] <run directory>...");
            return 2;
        }
        var opened = runs.Select(r => TrainedRun.Open(new RunDirectory(r))).ToList();
        var train = FashionMnist.Load(DatasetSplit.Train);
        var test = FashionMnist.Load(DatasetSplit.Test);
        string netPath = FashionMnistFeatureNetwork.DefaultPath;
        var clock = Stopwatch.StartNew();
        var cnn = FashionMnistFeatureNetwork.LoadOrTrain(netPath, log: Console.WriteLine);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        var result = new JsonObject
        {
            ["benchmark"] = "latent eval: FID, KID, IS, precision/recall/density/coverage and likelihoods of trained runs, with the reference rows",
            ["command"] = "dotnet run -c Release --project bench/Latent.Bench -- eval " + string.Join(" ", args),
            ["feature_network"] = new JsonObject
            {
                ["name"] = cnn.Name,
                ["file"] = netPath,
                ["test_accuracy"] = FashionMnistFeatureNetwork.TestAccuracy(netPath),
                ["recipe"] = SafeTensors.Read(netPath).Metadata.GetValueOrDefault("recipe"),
                ["load_or_train_seconds"] = Math.Round(loadSeconds, 2),
            },
        };
        result["fmnist_cnn"] = Table(cnn, samples, train, test, opened);
        if (resnetSamples > 0)
            result["resnet18"] = Table(ResNet18Features.Load(ResNet18Features.Locate()), resnetSamples, train, test, opened);
        Directory.CreateDirectory("bench/results");
        AtomicFile.WriteJson("bench/results/eval.json", result);
        Console.WriteLine(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static JsonObject Table(IFeatureNetwork network, int samples, ImageDataset train, ImageDataset test, List<TrainedRun> runs)
    {
        var settings = new EvaluationSettings { Samples = samples };
        var clock = Stopwatch.StartNew();
        var reference = EvaluationReference.Create(network, train, test, settings);
        double referenceFeatures = clock.Elapsed.TotalSeconds;
        var referenceRows = Evaluation.ReferenceRows(reference);
        double referenceSeconds = clock.Elapsed.TotalSeconds;
        var rows = new List<(EvaluationRow, JsonObject)>();
        foreach (var run in runs)
        {
            var row = Evaluation.EvaluateModel(run.Run.Name, run.Setup.Model, reference);
            Console.WriteLine($"{network.Name} {run.Run.Name}: {row.Seconds:F1} s");
            rows.Add((row, new JsonObject { ["run"] = run.Run.Path, ["model"] = run.Spec.Name, ["family"] = run.Spec.Family, ["epochs"] = run.Config["epochs"]?.DeepClone() }));
        }
        var table = new EvaluationTable(referenceRows, rows).ToJson(reference);
        double testFid = referenceRows[0].Metrics["fid"];
        double? Fid(string model) => rows.Where(r => r.Item2["model"]!.ToString() == model).Select(r => (double?)r.Item1.Metrics["fid"]).FirstOrDefault();
        table["checks"] = new JsonObject
        {
            ["test_fid_below_every_model"] = rows.All(r => r.Item1.Metrics["fid"] > testFid),
            ["dcgan_fid_below_vae"] = Fid("dcgan") is double d && Fid("vae") is double v ? d < v : null,
        };
        table["timing_seconds"] = new JsonObject
        {
            ["reference_features"] = Math.Round(referenceFeatures, 2),
            ["reference_rows_total"] = Math.Round(referenceSeconds, 2),
            ["per_run"] = new JsonArray([.. rows.Select(r => (JsonNode?)Math.Round(r.Item1.Seconds, 2))]),
            ["total"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
        return table;
    }
}
