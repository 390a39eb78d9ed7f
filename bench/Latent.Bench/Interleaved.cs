using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>Step times of Latent and its PyTorch peer, measured in alternating blocks in one run.</summary>
internal static class Interleaved
{
    /// <summary>
    /// Warms both sides up, then alternates blocks of <paramref name="block"/> steps until each side has
    /// <paramref name="timedSteps"/> timed steps; returns {"latent_median_s", "pytorch_median_s", "ratio"}.
    /// </summary>
    public static JsonObject Compare(Action latentStep, PeerProcess peer, int timedSteps = 60, int block = 10, int warmup = 30)
    {
        for (int i = 0; i < warmup; i++) latentStep();
        peer.Steps(warmup);
        var ours = new List<double>();
        var theirs = new List<double>();
        while (ours.Count < timedSteps)
        {
            for (int i = 0; i < block; i++) ours.Add(Timing.Time(latentStep));
            theirs.AddRange(peer.Steps(block));
            Console.Error.WriteLine($"  {ours.Count} steps: latent {Timing.Median(ours.ToArray()) * 1e3:F2} ms, pytorch {Timing.Median(theirs.ToArray()) * 1e3:F2} ms");
        }
        double a = Timing.Median(ours.ToArray()), b = Timing.Median(theirs.ToArray());
        return new JsonObject
        {
            ["latent_median_s"] = Math.Round(a, 6),
            ["pytorch_median_s"] = Math.Round(b, 6),
            ["ratio"] = Math.Round(a / b, 4),
            ["timed_steps"] = ours.Count,
            ["pytorch"] = peer.Hello.DeepClone(),
        };
    }
}
