using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;

namespace Latent.Bench;

/// <summary>
/// W2 (DCGAN) and W3 (WGAN-GP) of WORKLOADS.md: step times of Latent's catalog models against the PyTorch peers,
/// interleaved in one run. Writes bench/results/w2.json or w3.json.
/// </summary>
internal static class GanBench
{
    public static int W2(string[] args) => Run("w2", "dcgan", new JsonObject
    {
        ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 2e-4, ["beta1"] = 0.5, ["beta2"] = 0.999, ["arch"] = "conv",
        ["loss"] = "non-saturating", ["d-steps"] = 1,
    }, args);

    public static int W3(string[] args) => Run("w3", "wgan-gp", new JsonObject
    {
        ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 1e-4, ["beta1"] = 0.0, ["beta2"] = 0.9, ["arch"] = "conv",
        ["loss"] = "wasserstein", ["gp"] = 10.0, ["d-norm"] = "none", ["d-steps"] = 1,
    }, args);

    private static int Run(string workload, string model, JsonObject config, string[] args)
    {
        if (args.Contains("--solo"))
        {
            int at = Array.IndexOf(args, "--warmup");
            return at >= 0 && at + 1 < args.Length ? SoloBench.Solo(model, config, int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture)) : SoloBench.Solo(model, config);
        }
        var peers = Interleaved.StartPeers(workload + ".py");
        var spec = ModelCatalog.Find(model) ?? throw new InvalidOperationException($"the {model} model is not in the catalog");
        var setup = spec.Create((config));
        using var batches = Endless(setup.Train).GetEnumerator();
        var result = Interleaved.Compare(() =>
        {
            batches.MoveNext();
            setup.Model.TrainStep(batches.Current);
        // 40 warm-up steps a side: with 10, Latent's running median still fell by 15–25 % over the timed blocks while
        // .NET re-compiled its hot loops (tier-1 code arrives after a few hundred calls of each kernel).
        }, peers, timedSteps: 30, block: 5, warmup: 40);
        foreach (var peer in peers) peer.Dispose();
        result["model"] = model;
        result["config"] = config.DeepClone();
        result["roofline"] = Roofline.Of(workload, result);
        result["machine"] = EngineBench.MachineInfo();
        BenchResults.Write(workload, result);
        return 0;
    }

    internal static IEnumerable<Batch> Endless(DataLoader loader)
    {
        while (true)
            foreach (var batch in loader) yield return batch;
    }
}
