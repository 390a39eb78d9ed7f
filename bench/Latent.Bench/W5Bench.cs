using System.Text.Json.Nodes;
using Latent.Models.Catalog;

namespace Latent.Bench;

/// <summary>
/// W5 (WORKLOADS.md): RealNVP with MLP couplings on Fashion-MNIST, Latent's <c>realnvp-mlp</c> defaults. Step times of
/// Latent and PyTorch interleaved in one run, then the test bits per dimension of both after the same number of epochs
/// from each seed. Writes bench/results/w5.json. Arguments: [epochs] (default 1; 0 skips the quality part), --seeds 1,2,3,
/// --quality-only (keeps the committed step times), --solo.
/// </summary>
internal static class W5Bench
{
    private static JsonObject Config(int seed = 1) => new() { ["seed"] = seed };

    public static int Run(string[] args)
    {
        if (args.Contains("--solo")) return SoloBench.Solo("realnvp-mlp", Config(), warmup: 30);
        int seedsAt = Array.IndexOf(args, "--seeds");
        var numbers = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (seedsAt < 0 || i != seedsAt + 1)).ToArray();
        int epochs = numbers.Length > 0 ? int.Parse(numbers[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
        int[] seeds = ParseSeeds(args);
        var path = BenchResults.PathOf("w5");
        JsonObject result;
        if (args.Contains("--quality-only"))
        {
            // Keep the committed timing; only the quality part is re-measured.
            result = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : new JsonObject();
        }
        else
        {
            result = CompareStepTimes();
        }
        result["model"] = "realnvp-mlp";
        result["config"] = Config();
        if (epochs > 0) AddQuality(result, epochs, seeds);
        result["machine"] = EngineBench.MachineInfo();
        BenchResults.Write("w5", result);
        return 0;
    }

    /// <summary><c>--seeds 1,2,3</c>: the quality part runs once per seed on both sides (default: seed 1 only).</summary>
    private static int[] ParseSeeds(string[] args)
    {
        int at = Array.IndexOf(args, "--seeds");
        if (at < 0) return [1];
        if (at + 1 >= args.Length) throw new ArgumentException("w5: --seeds needs a comma-separated list, e.g. --seeds 1,2,3");
        return args[at + 1].Split(',').Select(t => int.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static JsonObject CompareStepTimes()
    {
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
        result["roofline"] = Roofline.Of("w5", result);
        return result;
    }

    /// <summary>
    /// Fresh models on both sides trained the same number of epochs from each seed. Seeds change the initialisation,
    /// the batch order and the dequantisation noise, so the spread over seeds says how far apart two equally good
    /// implementations land; the means are what the comparison is made on.
    /// </summary>
    private static void AddQuality(JsonObject result, int epochs, int[] seeds)
    {
        var runs = new JsonArray();
        var ourFinal = new List<double>();
        var theirFinal = new List<double>();
        foreach (int seed in seeds)
        {
            var quality = ModelCatalog.Find("realnvp-mlp")!.Create(Config(seed));
            var ours = new JsonArray();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int e = 1; e <= epochs; e++)
            {
                foreach (var batch in quality.Train) quality.Model.TrainStep(batch);
                double bits = quality.Model.Evaluate(quality.Test!)["bits_per_dim"];
                ours.Add(new JsonObject { ["epoch"] = e, ["test_bits_per_dim"] = Math.Round(bits, 4), ["wall_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1) });
                Console.Error.WriteLine($"seed {seed} latent epoch {e}: test bits/dim {bits:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
            }
            using var qualityPeer = PeerProcess.Start("w5.py", new Dictionary<string, string>
            {
                ["LATENT_PEER_SEED"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            clock.Restart();
            var theirs = qualityPeer.Epochs(epochs);
            double theirWall = clock.Elapsed.TotalSeconds;
            var theirCurve = new JsonArray(theirs.Select(t => (JsonNode)new JsonObject
            {
                ["epoch"] = t!["epoch"]!.GetValue<int>(),
                ["test_bits_per_dim"] = Math.Round(t["test_bits_per_dim"]!.GetValue<double>(), 4),
            }).ToArray());
            Console.Error.WriteLine($"seed {seed} pytorch after {epochs} epochs: test bits/dim {theirs[^1]!["test_bits_per_dim"]!.GetValue<double>():F4} ({theirWall:F0} s)");
            ourFinal.Add(ours[^1]!["test_bits_per_dim"]!.GetValue<double>());
            theirFinal.Add(theirs[^1]!["test_bits_per_dim"]!.GetValue<double>());
            runs.Add(new JsonObject
            {
                ["seed"] = seed,
                ["latent_curve"] = ours,
                ["pytorch_curve"] = theirCurve,
                ["pytorch_wall_s"] = Math.Round(theirWall, 1),
            });
        }
        result["epochs"] = epochs;
        result["seeds"] = new JsonArray(seeds.Select(s => (JsonNode)s).ToArray());
        result["latent_test_bits_per_dim"] = Math.Round(ourFinal.Average(), 4);
        result["pytorch_test_bits_per_dim"] = Math.Round(theirFinal.Average(), 4);
        result["latent_test_bits_per_dim_sd"] = Math.Round(StandardDeviation(ourFinal), 4);
        result["pytorch_test_bits_per_dim_sd"] = Math.Round(StandardDeviation(theirFinal), 4);
        result["quality_runs"] = runs;
        result.Remove("latent_curve");
        result.Remove("pytorch_curve");
        result.Remove("pytorch_wall_s");
    }

    private static double StandardDeviation(List<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
