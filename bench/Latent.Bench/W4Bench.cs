using System.Globalization;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;

namespace Latent.Bench;

/// <summary>
/// W4 (WORKLOADS.md): PixelCNN (masked conv A 1→64 k7, 5 × masked conv B 64→64 k3, 1×1 to 256, 256-way softmax; Adam
/// 1e-3; batches of 32) on Fashion-MNIST. Step times of Latent and PyTorch interleaved in one run, then the test NLL
/// of both after the same number of epochs from seed 1. Writes bench/results/w4.json.
/// Arguments: [epochs] [train-size] [test-size] (defaults 1, 60000, 10000); --solo times Latent alone.
/// </summary>
internal static class W4Bench
{
    private static JsonObject Config(int? trainSize) => trainSize is int n
        ? new JsonObject { ["seed"] = 1, ["batch-size"] = 32, ["lr"] = 1e-3, ["train-size"] = n }
        : new JsonObject { ["seed"] = 1, ["batch-size"] = 32, ["lr"] = 1e-3 };

    public static int Run(string[] args)
    {
        if (args.Contains("--solo")) return SoloBench.Solo("pixelcnn", Config(null), warmup: 30);
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        int epochs = Arg(0, 1), trainSize = Arg(1, 60_000), testSize = Arg(2, 10_000);

        var peers = Interleaved.StartPeers("w4.py");
        var timing = ModelCatalog.Find("pixelcnn")!.Create(Config(null));
        using var batches = GanBench.Endless(timing.Train).GetEnumerator();
        var result = Interleaved.Compare(() =>
        {
            batches.MoveNext();
            timing.Model.TrainStep(batches.Current);
        }, peers, timedSteps: 30, block: 5, warmup: 30);
        foreach (var peer in peers) peer.Dispose();
        result["roofline"] = Roofline.Of("w4", result);

        // Quality: fresh models on both sides from seed 1, the same images and number of epochs.
        var env = new Dictionary<string, string>
        {
            ["LATENT_W4_TRAIN_SIZE"] = trainSize.ToString(CultureInfo.InvariantCulture),
            ["LATENT_W4_TEST_SIZE"] = testSize.ToString(CultureInfo.InvariantCulture),
        };
        using var qualityPeer = PeerProcess.Start("w4.py", env);
        var quality = ModelCatalog.Find("pixelcnn")!.Create(Config(trainSize));
        var test = new DataLoader(FashionMnist.Load(DatasetSplit.Test).Take(testSize), batchSize: 500, shuffle: false);
        var ours = new JsonArray();
        for (int e = 1; e <= epochs; e++)
        {
            foreach (var batch in quality.Train) quality.Model.TrainStep(batch);
            var metrics = quality.Model.Evaluate(test);
            ours.Add(new JsonObject { ["epoch"] = e, ["test_nll"] = Math.Round(metrics["nll"], 3), ["test_bits_per_dim"] = Math.Round(metrics["bits_per_dim"], 4) });
            Console.Error.WriteLine($"latent epoch {e}: test nll {metrics["nll"]:F2} nats, {metrics["bits_per_dim"]:F4} bits/dim");
        }
        var theirs = qualityPeer.Epochs(epochs);
        result["latent_test_nll"] = ours[^1]!["test_nll"]!.DeepClone();
        result["latent_test_bits_per_dim"] = ours[^1]!["test_bits_per_dim"]!.DeepClone();
        result["pytorch_test_nll"] = Math.Round(theirs[^1]!["test_nll"]!.GetValue<double>(), 3);
        result["pytorch_test_bits_per_dim"] = Math.Round(theirs[^1]!["test_bits_per_dim"]!.GetValue<double>(), 4);
        result["epochs"] = epochs;
        result["train_images"] = trainSize;
        result["test_images"] = testSize;
        result["latent_curve"] = ours;
        result["pytorch_curve"] = new JsonArray(theirs.Select(t => (JsonNode)new JsonObject
        {
            ["epoch"] = t!["epoch"]!.GetValue<int>(),
            ["test_nll"] = Math.Round(t["test_nll"]!.GetValue<double>(), 3),
            ["test_bits_per_dim"] = Math.Round(t["test_bits_per_dim"]!.GetValue<double>(), 4),
        }).ToArray());
        result["model"] = "pixelcnn";
        result["config"] = Config(null);
        result["machine"] = EngineBench.MachineInfo();
        BenchResults.Write("w4", result);
        return 0;
    }
}
