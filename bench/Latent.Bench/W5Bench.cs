using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Models.Catalog;

namespace Latent.Bench;

/// <summary>
/// W5 (WORKLOADS.md): RealNVP with MLP couplings on Fashion-MNIST, Latent's <c>realnvp-mlp</c> defaults. Step times of
/// Latent and PyTorch interleaved in one run, then the test bits per dimension of both after the same number of epochs
/// from seed 1. Writes bench/results/w5.json. Arguments: [epochs] (default 1; 0 skips the quality part), --solo.
/// </summary>
internal static class W5Bench
{
    private static JsonObject Config() => new() { ["seed"] = 1 };

    public static int Run(string[] args)
    {
        if (args.Contains("--solo")) return GanBench.Solo("realnvp-mlp", Config(), warmup: 30);
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        int epochs = numbers.Length > 0 ? int.Parse(numbers[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var peers = Interleaved.StartPeers("w5.py");

        var timing = ModelCatalog.Find("realnvp-mlp")!.Create(Config());
        using var batches = GanBench.Endless(timing.Train).GetEnumerator();
        // Each step runs thousands of op calls, so 30 warm-up steps are enough for .NET to tier the hot code up.
        var result = Interleaved.Compare(() =>
        {
            batches.MoveNext();
            timing.Model.TrainStep(batches.Current);
        }, peers, timedSteps: 40, block: 5, warmup: 30);
        foreach (var peer in peers) peer.Dispose();
        result["model"] = "realnvp-mlp";
        result["config"] = Config();

        if (epochs > 0)
        {
            // Quality: fresh models on both sides, the same number of epochs.
            using var qualityPeer = PeerProcess.Start("w5.py");
            var quality = ModelCatalog.Find("realnvp-mlp")!.Create(Config());
            var ours = new JsonArray();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int e = 1; e <= epochs; e++)
            {
                foreach (var batch in quality.Train) quality.Model.TrainStep(batch);
                double bits = quality.Model.Evaluate(quality.Test!)["bits_per_dim"];
                ours.Add(new JsonObject { ["epoch"] = e, ["test_bits_per_dim"] = Math.Round(bits, 4), ["wall_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1) });
                Console.Error.WriteLine($"latent epoch {e}: test bits/dim {bits:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
            }
            clock.Restart();
            var theirs = qualityPeer.Epochs(epochs);
            double theirWall = clock.Elapsed.TotalSeconds;
            result["latent_test_bits_per_dim"] = ours[^1]!["test_bits_per_dim"]!.DeepClone();
            result["pytorch_test_bits_per_dim"] = Math.Round(theirs[^1]!["test_bits_per_dim"]!.GetValue<double>(), 4);
            result["epochs"] = epochs;
            result["latent_curve"] = ours;
            result["pytorch_curve"] = new JsonArray(theirs.Select(t => (JsonNode)new JsonObject
            {
                ["epoch"] = t!["epoch"]!.GetValue<int>(),
                ["test_bits_per_dim"] = Math.Round(t["test_bits_per_dim"]!.GetValue<double>(), 4),
            }).ToArray());
            result["pytorch_wall_s"] = Math.Round(theirWall, 1);
        }
        result["machine"] = EngineBench.MachineInfo();
        var path = Path.Combine(EngineBench.FindRepoRoot(), "bench", "results", "w5.json");
        File.WriteAllText(path, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}
