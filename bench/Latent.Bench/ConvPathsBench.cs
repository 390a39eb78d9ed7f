using System.Text.Json.Nodes;
using Latent.Kernels;
using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// Latent's two convolution paths against each other in one process: im2col + GEMM and oneDNN's direct convolutions
/// (with their reorders from and to NCHW), per layer (forward + backward) and over whole W2 and W3 training steps
/// with the default routing (<see cref="OneDnnConvolution.Prefers"/>). Rounds alternate the paths; medians of the
/// rounds' medians. Writes bench/results/conv-paths.json.
/// </summary>
internal static class ConvPathsBench
{
    private static readonly ConvBench.Layer[] ExtraLayers =
    [
        // RealNVP's residual coupling networks (batch 64, 32 channels at 28×28 after the checkerboard, 64 at 14×14).
        new("realnvp 32->32 k3 p1 28x28", [64, 32, 28, 28], [32, 32, 3, 3], 1, 1, false),
        new("realnvp 64->64 k3 p1 14x14", [64, 64, 14, 14], [64, 64, 3, 3], 1, 1, false),
        new("1x1 64->64 14x14", [64, 64, 14, 14], [64, 64, 1, 1], 1, 0, false),
    ];

    public static int Run(string[] args)
    {
        if (!OneDnnConvolution.IsAvailable)
        {
            Console.Error.WriteLine("conv-paths: oneDNN (libdnnl.so.2) did not load; install Debian's libdnnl2.");
            return 2;
        }
        int rounds = args.Length > 1 && int.TryParse(args[1], out int r) ? r : 5;
        var gen = new Generator(1);
        var layers = new JsonObject();
        foreach (var layer in ConvBench.Layers.Concat(ConvBench.W4Layers.Where(l => l.Taps is null)).Concat(ExtraLayers))
        {
            var (_, step, macs) = ConvBench.Prepare(layer, gen);
            var (im2col, onednn) = Alternate(step, rounds, reps: 11, warmup: 5);
            layers[layer.Name] = Row(im2col, onednn, 6 * macs);
            var geometry = GeometryOf(layer);
            layers[layer.Name]!["onednn_implementation"] = OneDnnConvolution.Implementation(geometry);
            layers[layer.Name]!["default_path"] = OneDnnConvolution.Prefers(geometry) ? "onednn" : "im2col";
            Console.Error.WriteLine($"{layer.Name}: im2col {im2col * 1e3:F2} ms, oneDNN {onednn * 1e3:F2} ms");
        }
        var steps = new JsonObject();
        foreach (var (name, model, config) in new[] { ("w2", "dcgan", W2Config()), ("w3", "wgan-gp", W3Config()) })
        {
            var setup = ModelCatalog.Find(model)!.Create(config);
            using var batches = GanBench.Endless(setup.Train).GetEnumerator();
            void Step()
            {
                batches.MoveNext();
                setup.Model.TrainStep(batches.Current);
            }
            var (im2col, routed) = Alternate(Step, rounds, reps: 7, warmup: 5, onednn: null);
            steps[name] = Row(im2col, routed, 0);
            Console.Error.WriteLine($"{name} step: im2col {im2col * 1e3:F1} ms, default routing {routed * 1e3:F1} ms");
        }
        var result = new JsonObject
        {
            ["layers_forward_backward"] = layers,
            ["training_steps_default_routing"] = steps,
            ["rounds"] = rounds,
            ["onednn"] = OneDnn.VersionText,
            ["omp_wait_policy"] = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"),
            ["machine"] = EngineBench.MachineInfo(),
        };
        BenchResults.Write("conv-paths", result);
        return 0;
    }

    private static JsonObject W2Config() => new()
    {
        ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 2e-4, ["beta1"] = 0.5, ["beta2"] = 0.999, ["arch"] = "conv",
        ["loss"] = "non-saturating", ["d-steps"] = 1,
    };

    private static JsonObject W3Config() => new()
    {
        ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 1e-4, ["beta1"] = 0.0, ["beta2"] = 0.9, ["arch"] = "conv",
        ["loss"] = "wasserstein", ["gp"] = 10.0, ["d-norm"] = "none", ["d-steps"] = 1,
    };

    /// <summary>Medians over <paramref name="rounds"/> of (im2col round, oneDNN round), each round a median of <paramref name="reps"/> calls.</summary>
    private static (double Im2col, double OneDnn) Alternate(Action step, int rounds, int reps, int warmup, bool? onednn = true)
    {
        var a = new List<double>();
        var b = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            OneDnnConvolution.Forced = false;
            a.Add(Timing.Median(step, reps, warmup));
            OneDnnConvolution.Forced = onednn;
            b.Add(Timing.Median(step, reps, warmup));
        }
        OneDnnConvolution.Forced = null;
        a.Sort();
        b.Sort();
        return (a[a.Count / 2], b[b.Count / 2]);
    }

    private static JsonObject Row(double im2col, double onednn, double flops) => new()
    {
        ["im2col_ms"] = EngineBench.Round(im2col * 1e3, 3),
        ["onednn_ms"] = EngineBench.Round(onednn * 1e3, 3),
        ["ratio_onednn_over_im2col"] = EngineBench.Round(onednn / im2col, 3),
        ["im2col_gflops"] = flops > 0 ? EngineBench.Round(flops / im2col / 1e9) : null,
        ["onednn_gflops"] = flops > 0 ? EngineBench.Round(flops / onednn / 1e9) : null,
    };

    /// <summary>The direct convolution of a layer (a transposed one's is the convolution it is the adjoint of).</summary>
    private static ConvGeometry GeometryOf(ConvBench.Layer l)
    {
        int n = l.Input[0], kh = l.Weight[2], kw = l.Weight[3], s = l.Stride, p = l.Padding;
        if (!l.Transposed)
        {
            int ho = ConvGeometry.OutputSize(l.Input[2], kh, s, p, 1), wo = ConvGeometry.OutputSize(l.Input[3], kw, s, p, 1);
            return new ConvGeometry(n, l.Input[1], l.Input[2], l.Input[3], l.Weight[0], kh, kw, s, s, p, p, 1, 1, 1, ho, wo);
        }
        int h = (l.Input[2] - 1) * s - 2 * p + kh, w = (l.Input[3] - 1) * s - 2 * p + kw;
        return new ConvGeometry(n, l.Weight[1], h, w, l.Input[1], kh, kw, s, s, p, p, 1, 1, 1, l.Input[2], l.Input[3]);
    }
}
