using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// Latent's convolutions against oneDNN's (Debian <c>libdnnl2</c>, measured only — Latent never loads it) at W2's
/// DCGAN layers, batch 64: forward and forward + backward per layer, oneDNN with NCHW activations and OIHW weights and
/// every reorder to its own layouts counted. Rounds alternate the two sides; medians of the rounds go to
/// bench/results/onednn-conv.json with the ratio Latent / oneDNN per layer and for the five layers together.
/// </summary>
internal static class OneDnnConvCompare
{
    private static string PeerPath => Path.Combine(EngineBench.FindRepoRoot(), "bench", "peers", "onednn", "conv");

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 5;
        if (!File.Exists(PeerPath))
        {
            Console.Error.WriteLine($"onednn-conv: {PeerPath} is missing; bench/run.sh onednn-conv builds it (g++, libdnnl-dev)");
            return 2;
        }
        var latent = new List<JsonObject>();
        var onednn = new List<Dictionary<string, JsonObject>>();
        for (int round = 0; round < rounds; round++)
        {
            latent.Add((JsonObject)ConvBench.Run(new Generator(1)));
            onednn.Add(RunPeer());
            Console.Error.WriteLine($"onednn-conv: round {round + 1}/{rounds}");
        }
        var layers = new JsonObject();
        double latentTotal = 0, onednnTotal = 0;
        foreach (var (name, _) in latent[0])
        {
            if (!onednn[0].ContainsKey(name)) continue;
            double Median(Func<int, double> value) => Enumerable.Range(0, rounds).Select(value).Order().ElementAt(rounds / 2);
            double lf = Median(i => (double)latent[i][name]!["forward_ms"]!), lb = Median(i => (double)latent[i][name]!["forward_backward_ms"]!);
            double of = Median(i => (double)onednn[i][name]["forward_ms"]!), ob = Median(i => (double)onednn[i][name]["forward_backward_ms"]!);
            latentTotal += lb;
            onednnTotal += ob;
            layers[name] = new JsonObject
            {
                ["latent_forward_ms"] = Math.Round(lf, 3), ["onednn_forward_ms"] = Math.Round(of, 3),
                ["latent_forward_backward_ms"] = Math.Round(lb, 3), ["onednn_forward_backward_ms"] = Math.Round(ob, 3),
                ["forward_backward_ratio"] = Math.Round(lb / ob, 3),
                ["onednn_implementation"] = onednn[0][name]["impl"]!.ToString(),
            };
        }
        var result = new JsonObject
        {
            ["machine"] = EngineBench.MachineInfo(),
            ["onednn_threads"] = Environment.GetEnvironmentVariable("OMP_NUM_THREADS") ?? "default",
            ["rounds"] = rounds,
            ["layers"] = layers,
            ["latent_forward_backward_ms_total"] = Math.Round(latentTotal, 2),
            ["onednn_forward_backward_ms_total"] = Math.Round(onednnTotal, 2),
            ["ratio_total"] = Math.Round(latentTotal / onednnTotal, 3),
        };
        Console.WriteLine(BenchResults.Write("onednn-conv", result));
        return 0;
    }

    private static Dictionary<string, JsonObject> RunPeer()
    {
        var start = new ProcessStartInfo(PeerPath) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"onednn-conv: cannot start {PeerPath}");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"onednn-conv: {PeerPath} exited with {process.ExitCode}");
        return JsonNode.Parse(output)!.AsArray().Select(n => n!.AsObject()).ToDictionary(o => o["layer"]!.ToString(), o => o);
    }
}
