using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>Step times of Latent and its peers (PyTorch 1.13, LibTorch 2.10), measured in alternating blocks in one run.</summary>
internal static class Interleaved
{
    /// <summary>The PyTorch configurations every workload is timed in: as installed, and without OpenBLAS threads.</summary>
    public static readonly IReadOnlyDictionary<string, string>[] PeerConfigurations =
    [
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1" },
    ];

    /// <summary>
    /// The LibTorch configurations: as shipped, and with OpenMP's idle threads sleeping instead of spinning (on a busy
    /// machine spinning threads take the cores from the ones doing the work).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string>[] LibTorchConfigurations =
    [
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" },
    ];

    /// <summary>Few blocks (bench/run.sh &lt;suite&gt; --quick): at most 10 timed steps a side and a third of the warm-up.</summary>
    public static bool Quick { get; set; }

    /// <summary>
    /// Starts one PyTorch peer per configuration in <see cref="PeerConfigurations"/> on <paramref name="script"/>
    /// (<c>w2.py</c>) and one TorchSharp peer per <see cref="LibTorchConfigurations"/> on the same workload (<c>w2</c>).
    /// </summary>
    public static PeerProcess[] StartPeers(string script) =>
    [
        .. PeerConfigurations.Select(env => PeerProcess.Start(script, env)),
        .. LibTorchConfigurations.Select(env => PeerProcess.StartLibTorch(Path.GetFileNameWithoutExtension(script), env)),
    ];

    /// <summary>
    /// Warms every side up, then alternates blocks of <paramref name="block"/> steps (Latent, then each peer) until each
    /// has <paramref name="timedSteps"/> timed steps. Per framework, "&lt;framework&gt;_median_s" is its fastest
    /// configuration (every configuration's median is under "&lt;framework&gt;_configurations"); "ratio" is Latent's
    /// median over the fastest peer's ("fastest_peer"), "&lt;framework&gt;_ratio" over that framework's.
    /// </summary>
    public static JsonObject Compare(Action latentStep, PeerProcess[] peers, int timedSteps = 60, int block = 10, int warmup = 30)
    {
        if (Quick) (timedSteps, block, warmup) = (Math.Min(timedSteps, 10), Math.Min(block, 5), Math.Max(5, warmup / 3));
        var loadBefore = LoadAverage.Read();
        for (int i = 0; i < warmup; i++) latentStep();
        foreach (var peer in peers) peer.Steps(warmup);
        var ours = new List<double>();
        var theirs = peers.Select(_ => new List<double>()).ToArray();
        while (ours.Count < timedSteps)
        {
            for (int i = 0; i < block; i++) ours.Add(Timing.Time(latentStep));
            for (int p = 0; p < peers.Length; p++) theirs[p].AddRange(peers[p].Steps(block));
            Console.Error.WriteLine($"  {ours.Count} steps: latent {Timing.Median(ours.ToArray()) * 1e3:F2} ms, " +
                string.Join(", ", peers.Select((peer, p) => $"{peer.Framework} {Timing.Median(theirs[p].ToArray()) * 1e3:F2}")) + " ms");
        }
        double a = Timing.Median(ours.ToArray());
        var medians = theirs.Select(t => Timing.Median(t.ToArray())).ToArray();
        var result = new JsonObject { ["latent_median_s"] = Math.Round(a, 6) };
        double fastest = double.PositiveInfinity;
        foreach (var framework in peers.Select(p => p.Framework).Distinct())
        {
            var mine = Enumerable.Range(0, peers.Length).Where(p => peers[p].Framework == framework).ToArray();
            int best = mine.MinBy(p => medians[p]);
            var configurations = new JsonObject();
            foreach (int p in mine)
                configurations[peers[p].Configuration] = new JsonObject
                {
                    ["median_s"] = Math.Round(medians[p], 6),
                    ["ratio"] = Math.Round(a / medians[p], 4),
                };
            result[$"{framework}_median_s"] = Math.Round(medians[best], 6);
            result[$"{framework}_ratio"] = Math.Round(a / medians[best], 4);
            result[$"{framework}_configuration"] = peers[best].Configuration;
            result[$"{framework}_configurations"] = configurations;
            result[framework] = peers[best].Hello.DeepClone();
            if (medians[best] < fastest)
            {
                fastest = medians[best];
                result["fastest_peer"] = framework;
            }
        }
        result["ratio"] = Math.Round(a / fastest, 4);
        // Every timed step in order (blocks of `block`), so that a slow first step per block or a drift shows.
        result["latent_times_ms"] = new JsonArray([.. ours.Select(t => (JsonNode)Math.Round(t * 1e3, 2))]);
        result["peer_times_ms"] = new JsonObject(peers.Select((peer, p) => KeyValuePair.Create(
            $"{peer.Framework} {peer.Configuration}", (JsonNode?)new JsonArray([.. theirs[p].Select(t => (JsonNode)Math.Round(t * 1e3, 2))]))));
        result["timed_steps"] = ours.Count;
        result["quick"] = Quick;
        result["load_average_before"] = loadBefore;
        result["load_average_after"] = LoadAverage.Read();
        return result;
    }
}
