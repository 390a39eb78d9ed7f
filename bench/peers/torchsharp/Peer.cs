using System.Diagnostics;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>
/// The peer protocol of bench/peers/pytorch/peer.py: after a greeting line, one command per line on stdin and one JSON
/// line back on stdout for each — <c>steps K</c> (K timed training steps, <c>{"times": [seconds…]}</c>),
/// <c>epochs E</c> (E full epochs, <c>{"epochs": [{…}]}</c>), <c>quit</c>.
/// </summary>
internal static class Peer
{
    public static int Serve(Func<IWorkload> create)
    {
        int threads = int.Parse(Environment.GetEnvironmentVariable("LATENT_PEER_THREADS") ?? "2");
        set_num_threads(threads);
        set_num_interop_threads(1);
        var workload = create();
        var hello = new JsonObject
        {
            ["ready"] = true,
            ["torch"] = "libtorch " + __version__ + " (TorchSharp " + typeof(TorchSharp.torch).Assembly.GetName().Version + ")",
            ["threads"] = get_num_threads(),
            ["cpu_capability"] = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") ?? "default",
        };
        Console.WriteLine(hello.ToJsonString());
        string? line;
        while ((line = Console.ReadLine()) != null)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            JsonObject reply;
            switch (parts[0])
            {
                case "steps":
                    var times = new JsonArray();
                    for (int i = 0, n = int.Parse(parts[1]); i < n; i++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        using (NewDisposeScope()) workload.Step();
                        times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                    }
                    reply = new JsonObject { ["times"] = times };
                    break;
                case "epochs":
                    reply = new JsonObject { ["epochs"] = workload.TrainEpochs(int.Parse(parts[1])) };
                    break;
                case "quit":
                    return 0;
                default:
                    reply = new JsonObject { ["error"] = $"unknown command {parts[0]}" };
                    break;
            }
            Console.WriteLine(reply.ToJsonString());
        }
        return 0;
    }
}

/// <summary>One standard workload of WORKLOADS.md on LibTorch.</summary>
internal interface IWorkload
{
    /// <summary>One training step (an update of every network), data batching included; returns nothing it keeps.</summary>
    void Step();

    /// <summary>Trains <paramref name="epochs"/> full epochs and returns per-epoch metrics.</summary>
    JsonArray TrainEpochs(int epochs);
}
