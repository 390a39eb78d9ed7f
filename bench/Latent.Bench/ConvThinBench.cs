using System.Text.Json.Nodes;
using Latent.Kernels;
using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// Thin convolutions (at most <see cref="ConvChunks.ThinColumnRows"/> column rows: one-channel images) image by image
/// against the batch-wide product with its layout swaps, in one process, rounds alternating: per layer
/// (forward + backward) and over a whole W2 step. Writes bench/results/conv-thin.json.
/// </summary>
internal static class ConvThinBench
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 && int.TryParse(args[1], out int r) ? r : 7;
        var gen = new Generator(1);
        var layers = new JsonObject();
        // Column rows of the direct convolution: its input channels (Weight[1] for both kinds) times the taps.
        foreach (var layer in ConvBench.Layers.Concat(ConvBench.W4Layers).Where(l => l.Weight[1] * (l.Taps?.Length ?? l.Weight[2] * l.Weight[3]) <= ConvChunks.ThinColumnRows))
        {
            var (_, step, _) = ConvBench.Prepare(layer, gen);
            var (batch, byImage) = Alternate(step, rounds, reps: 21);
            layers[layer.Name] = Row(batch, byImage);
            Console.Error.WriteLine($"{layer.Name}: batch-wide {batch * 1e3:F2} ms, image by image {byImage * 1e3:F2} ms");
        }
        var setup = ModelCatalog.Find("dcgan")!.Create(new JsonObject
        {
            ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 2e-4, ["beta1"] = 0.5, ["beta2"] = 0.999, ["arch"] = "conv",
            ["loss"] = "non-saturating", ["d-steps"] = 1,
        });
        using var batches = GanBench.Endless(setup.Train).GetEnumerator();
        for (int i = 0; i < 40; i++) Step(); // tier-1 code first, as the GAN bench
        var (wide, single) = Alternate(Step, rounds, reps: 9);
        Console.Error.WriteLine($"w2 step: batch-wide {wide * 1e3:F1} ms, image by image {single * 1e3:F1} ms");
        BenchResults.Write("conv-thin", new JsonObject
        {
            ["layers_forward_backward"] = layers,
            ["w2_step"] = Row(wide, single),
            ["rounds"] = rounds,
            ["machine"] = EngineBench.MachineInfo(),
        });
        return 0;

        void Step()
        {
            batches.MoveNext();
            setup.Model.TrainStep(batches.Current);
        }
    }

    /// <summary>Medians over the rounds of (batch-wide round, image-by-image round), each a median of <paramref name="reps"/> calls.</summary>
    private static (double Batch, double ByImage) Alternate(Action step, int rounds, int reps)
    {
        var a = new List<double>();
        var b = new List<double>();
        try
        {
            for (int i = 0; i < rounds; i++)
            {
                ConvChunks.ThinByImage = false;
                a.Add(Timing.Median(step, reps, warmup: 3));
                ConvChunks.ThinByImage = true;
                b.Add(Timing.Median(step, reps, warmup: 3));
            }
        }
        finally
        {
            ConvChunks.ThinByImage = true;
        }
        a.Sort();
        b.Sort();
        return (a[a.Count / 2], b[b.Count / 2]);
    }

    private static JsonObject Row(double batch, double byImage) => new()
    {
        ["batch_wide_ms"] = EngineBench.Round(batch * 1e3, 3),
        ["image_by_image_ms"] = EngineBench.Round(byImage * 1e3, 3),
        ["ratio"] = EngineBench.Round(byImage / batch, 3),
    };
}
