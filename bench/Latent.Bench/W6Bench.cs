using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>
/// W6 (WORKLOADS.md): a Bernoulli RBM 784-500 trained by CD-1 on Fashion-MNIST binarized at 0.5, learning rate 0.01,
/// batch 100 (momentum and weight decay off, as in the peer). Step times of Latent's <c>rbm</c> and of
/// bench/peers/pytorch/w6.py interleaved in one run, plus Latent's allocation per step. Writes bench/results/w6.json.
/// Arguments: [--solo] (Latent alone, for profiling).
/// </summary>
internal static class W6Bench
{
    private static JsonObject Config() => new()
    {
        ["seed"] = 1, ["batch-size"] = 100, ["lr"] = 0.01, ["hidden"] = 500, ["cd-k"] = 1, ["momentum"] = 0.0,
        ["weight-decay"] = 0.0, ["binarize"] = "threshold", ["threshold"] = 0.5,
    };

    public static int Run(string[] args)
    {
        if (args.Contains("--solo")) return SoloBench.Solo("rbm", Config(), warmup: 300);
        var peers = Interleaved.StartPeers("w6.py");
        var setup = Latent.Models.Catalog.ModelCatalog.Find("rbm")!.Create(Config());
        using var batches = GanBench.Endless(setup.Train).GetEnumerator();
        void Step()
        {
            batches.MoveNext();
            setup.Model.TrainStep(batches.Current);
        }
        var result = Interleaved.Compare(Step, peers, timedSteps: 60, block: 10, warmup: 300);
        foreach (var peer in peers) peer.Dispose();
        const int counted = 60;
        var before = ProcessCounters.Read();
        for (int i = 0; i < counted; i++) Step();
        var per = ProcessCounters.Read().Minus(before).PerStep(counted);
        result["latent_allocated_bytes_per_step"] = Math.Round(per.AllocatedBytes);
        result["latent_gen0_per_step"] = Math.Round(per.Gen0, 4);
        result["latent_gen2_per_step"] = Math.Round(per.Gen2, 4);
        result["model"] = "rbm";
        result["config"] = Config();
        result["roofline"] = Roofline.Of("w6", result);
        result["machine"] = EngineBench.MachineInfo();
        BenchResults.Write("w6", result);
        return 0;
    }
}
