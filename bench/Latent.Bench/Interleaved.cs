using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>Step times of Latent and its PyTorch peer, measured in alternating blocks in one run.</summary>
internal static class Interleaved
{
    /// <summary>The PyTorch configurations every workload is timed in: as installed, and without OpenBLAS threads.</summary>
    public static readonly IReadOnlyDictionary<string, string>[] PeerConfigurations =
    [
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1" },
    ];

    /// <summary>Starts one peer per configuration in <see cref="PeerConfigurations"/>.</summary>
    public static PeerProcess[] StartPeers(string script) => PeerConfigurations.Select(env => PeerProcess.Start(script, env)).ToArray();

    /// <summary>
    /// Warms every side up, then alternates blocks of <paramref name="block"/> steps (Latent, then each peer) until each
    /// has <paramref name="timedSteps"/> timed steps. "pytorch_median_s" is the fastest PyTorch configuration; every
    /// configuration's median is listed under "pytorch_configurations".
    /// </summary>
    public static JsonObject Compare(Action latentStep, PeerProcess[] peers, int timedSteps = 60, int block = 10, int warmup = 30)
    {
        for (int i = 0; i < warmup; i++) latentStep();
        foreach (var peer in peers) peer.Steps(warmup);
        var ours = new List<double>();
        var theirs = peers.Select(_ => new List<double>()).ToArray();
        while (ours.Count < timedSteps)
        {
            for (int i = 0; i < block; i++) ours.Add(Timing.Time(latentStep));
            for (int p = 0; p < peers.Length; p++) theirs[p].AddRange(peers[p].Steps(block));
            Console.Error.WriteLine($"  {ours.Count} steps: latent {Timing.Median(ours.ToArray()) * 1e3:F2} ms, pytorch " +
                string.Join(" / ", theirs.Select(t => $"{Timing.Median(t.ToArray()) * 1e3:F2}")) + " ms");
        }
        double a = Timing.Median(ours.ToArray());
        var medians = theirs.Select(t => Timing.Median(t.ToArray())).ToArray();
        int best = Array.IndexOf(medians, medians.Min());
        var configurations = new JsonObject();
        for (int p = 0; p < peers.Length; p++)
            configurations[peers[p].Configuration] = new JsonObject
            {
                ["median_s"] = Math.Round(medians[p], 6),
                ["ratio"] = Math.Round(a / medians[p], 4),
            };
        return new JsonObject
        {
            ["latent_median_s"] = Math.Round(a, 6),
            ["pytorch_median_s"] = Math.Round(medians[best], 6),
            ["ratio"] = Math.Round(a / medians[best], 4),
            ["pytorch_configuration"] = peers[best].Configuration,
            ["pytorch_configurations"] = configurations,
            ["timed_steps"] = ours.Count,
            ["pytorch"] = peers[0].Hello.DeepClone(),
        };
    }
}
