using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;

namespace Latent.Bench;

/// <summary>
/// W1 (WORKLOADS.md): the pytorch/examples VAE on Fashion-MNIST. Step times of Latent and PyTorch interleaved in one
/// run, then the test negative ELBO per example of both after the same number of epochs from seed 1.
/// Writes bench/results/w1.json. Arguments: [epochs] (default 10).
/// </summary>
internal static class W1Bench
{
    public static int Run(string[] args)
    {
        if (args.Contains("--solo"))
            return SoloBench.Solo("vae", new JsonObject { ["seed"] = 1, ["batch-size"] = 128, ["lr"] = 1e-3, ["latent-dim"] = 20 }, warmup: 300);
        int epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var peers = Interleaved.StartPeers("w1.py");

        var timing = Setup();
        using var batches = GanBench.Endless(timing.Train).GetEnumerator();
        var result = Interleaved.Compare(() =>
        {
            batches.MoveNext();
            timing.Model.TrainStep(batches.Current);
        }, peers, warmup: 300); // hundreds of steps so that .NET has tiered the hot code up
        foreach (var peer in peers) peer.Dispose();
        result["roofline"] = Roofline.Of("w1", result);

        // Quality: fresh models on both sides, the same number of epochs.
        using var qualityPeer = PeerProcess.Start("w1.py");
        var quality = Setup();
        var ours = new JsonArray();
        for (int e = 1; e <= epochs; e++)
        {
            foreach (var batch in quality.Train) quality.Model.TrainStep(batch);
            double nelbo = quality.Model.Evaluate(quality.Test!)["nelbo"];
            ours.Add(new JsonObject { ["epoch"] = e, ["test_nelbo"] = Math.Round(nelbo, 3) });
            Console.Error.WriteLine($"latent epoch {e}: test nelbo {nelbo:F2}");
        }
        var theirs = qualityPeer.Epochs(epochs);
        result["latent_test_nelbo"] = ours[^1]!["test_nelbo"]!.DeepClone();
        result["pytorch_test_nelbo"] = Math.Round(theirs[^1]!["test_nelbo"]!.GetValue<double>(), 3);
        result["epochs"] = epochs;
        result["latent_curve"] = ours;
        result["pytorch_curve"] = new JsonArray(theirs.Select(t => (JsonNode)new JsonObject
        {
            ["epoch"] = t!["epoch"]!.GetValue<int>(),
            ["test_nelbo"] = Math.Round(t["test_nelbo"]!.GetValue<double>(), 3),
        }).ToArray());
        result["machine"] = EngineBench.MachineInfo();
        BenchResults.Write("w1", result);
        return 0;
    }

    private static TrainingSetup Setup()
    {
        var spec = ModelCatalog.Find("vae") ?? throw new InvalidOperationException("the vae model is not in the catalog");
        var config = new JsonObject { ["seed"] = 1, ["batch-size"] = 128, ["lr"] = 1e-3, ["latent-dim"] = 20 };
        return spec.Create((config));
    }
}
