using System.Globalization;
using System.Text.Json.Nodes;
using Latent.Models.Catalog;

namespace Latent.Bench;

/// <summary>
/// Latent alone, for profiling and A/B runs: the median training step of any catalog model.
/// <c>solo &lt;model&gt; [option=value ...] [--warmup N] [--steps N] [--im2col]</c>, the options as in <c>latent train</c>
/// (e.g. <c>solo wavenet conditional=true clip-length=4096 crop=0</c>); <c>--im2col</c> sends the convolutions that
/// would run directly (<see cref="Latent.Kernels.ConvDirect"/>) through im2col instead, for A/B runs.
/// </summary>
internal static class SoloBench
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: solo <model> [option=value ...] [--warmup N] [--steps N] [--im2col]");
            return 2;
        }
        if (ModelCatalog.Find(args[0]) is null)
        {
            Console.Error.WriteLine($"solo: no model '{args[0]}' in the catalog");
            return 2;
        }
        var config = new JsonObject();
        int warmup = 20, steps = 60;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--im2col")
            {
                Latent.Kernels.ConvDirect.Enabled = false;
                continue;
            }
            if (args[i] is "--warmup" or "--steps" && i + 1 < args.Length)
            {
                int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                if (args[i] == "--warmup") warmup = value; else steps = value;
                i++;
                continue;
            }
            int eq = args[i].IndexOf('=');
            if (eq <= 0)
            {
                Console.Error.WriteLine($"solo: '{args[i]}' is not option=value");
                return 2;
            }
            config[args[i][..eq]] = ParseValue(args[i][(eq + 1)..]);
        }
        return Solo(args[0], config, warmup, steps);
    }

    private static JsonNode ParseValue(string text) =>
        bool.TryParse(text, out bool b) ? JsonValue.Create(b)
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? JsonValue.Create(l)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? JsonValue.Create(d)
        : JsonValue.Create(text);

    /// <summary>Times <paramref name="steps"/> training steps after <paramref name="warmup"/> untimed ones and prints the median with the process counters.</summary>
    internal static int Solo(string model, JsonObject config, int warmup = 20, int steps = 60)
    {
        var setup = ModelCatalog.Find(model)!.Create(config);
        using var batches = GanBench.Endless(setup.Train).GetEnumerator();
        void Step()
        {
            batches.MoveNext();
            setup.Model.TrainStep(batches.Current);
        }
        for (int i = 0; i < warmup; i++) Step();
        var before = ProcessCounters.Read();
        var (collections, collecting) = Latent.Tensors.TensorMemory.PoolCollections;
        long rented = Latent.Tensors.StoragePool.RentedBytes, fresh = Latent.Tensors.StoragePool.FreshBytes;
        double median = Timing.Median(Step, steps, warmup: 0);
        var per = ProcessCounters.Read().Minus(before).PerStep(steps);
        var (collectionsAfter, collectingAfter) = Latent.Tensors.TensorMemory.PoolCollections;
        Console.WriteLine($"{model}: median step {median * 1e3:F1} ms; per step {per}; storage-pool collections " +
            $"{(collectionsAfter - collections) / (double)steps:F2} taking {(collectingAfter - collecting).TotalMilliseconds / steps:F2} ms, " +
            $"renting {(Latent.Tensors.StoragePool.RentedBytes - rented) / 1e6 / steps:F0} MB of which {(Latent.Tensors.StoragePool.FreshBytes - fresh) / 1e6 / steps:F1} MB fresh");
        return 0;
    }
}
