using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// Forward+backward GFLOPS of the convolutions of the W2 DCGAN (batch 64): the discriminator's two strided
/// convolutions and the generator's transposed convolutions; and of W4's masked convolutions (batch 32), counted over
/// the taps they compute.
/// </summary>
internal static class ConvBench
{
    internal sealed record Layer(string Name, int[] Input, int[] Weight, int Stride, int Padding, bool Transposed, int[]? Taps = null);

    internal static readonly Layer[] Layers =
    [
        new("d_conv1 1->64 k4 s2 p1 28x28", [64, 1, 28, 28], [64, 1, 4, 4], 2, 1, false),
        new("d_conv2 64->128 k4 s2 p1 14x14", [64, 64, 14, 14], [128, 64, 4, 4], 2, 1, false),
        new("g_convt1 100->256 k7 s1 p0 1x1", [64, 100, 1, 1], [100, 256, 7, 7], 1, 0, true),
        new("g_convt2 256->128 k4 s2 p1 7x7", [64, 256, 7, 7], [256, 128, 4, 4], 2, 1, true),
        new("g_convt3 128->1 k4 s2 p1 14x14", [64, 128, 14, 14], [128, 1, 4, 4], 2, 1, true),
    ];

    internal static readonly Layer[] W4Layers =
    [
        new("masked A 1->64 k7 p3 28x28 (24 taps)", [32, 1, 28, 28], [64, 1, 7, 7], 1, 3, false, [.. Enumerable.Range(0, 24)]),
        new("masked B 64->64 k3 p1 28x28 (5 taps)", [32, 64, 28, 28], [64, 64, 3, 3], 1, 1, false, [0, 1, 2, 3, 4]),
        new("conv 64->64 k3 p1 28x28 (all 9 taps)", [32, 64, 28, 28], [64, 64, 3, 3], 1, 1, false),
    ];

    /// <summary>The DCGAN layers.</summary>
    public static JsonNode Run(Generator gen) => Run(Layers, gen);

    /// <summary>W4's masked convolutions.</summary>
    public static JsonNode RunW4(Generator gen) => Run(W4Layers, gen);

    /// <summary>A layer's forward pass and its forward + backward step on random data, and its multiply-adds.</summary>
    internal static (Action Forward, Action Step, double Macs) Prepare(Layer layer, Generator gen)
    {
        var x = Tensor.Randn(layer.Input, gen).RequireGrad();
        var w = Tensor.Randn(layer.Weight, gen, std: 0.05f).RequireGrad();
        Tensor Forward() => layer.Transposed
            ? x.ConvTranspose2d(w, null, layer.Stride, layer.Padding)
            : layer.Taps is { } taps
                ? x.Conv2dOverTaps(w, taps, null, layer.Stride, layer.Padding)
                : x.Conv2d(w, null, layer.Stride, layer.Padding);
        var probe = Forward();
        var gy = Tensor.Randn(probe.Shape, gen);
        // One multiply-add per (output element of the direct convolution, kernel tap): the same count both ways.
        double macs = layer.Transposed
            ? (double)x.Shape[0] * x.Shape[1] * x.Shape[2] * x.Shape[3] * layer.Weight[1] * layer.Weight[2] * layer.Weight[3]
            : (double)probe.Shape[0] * probe.Shape[1] * probe.Shape[2] * probe.Shape[3] * layer.Weight[1] * (layer.Taps?.Length ?? layer.Weight[2] * layer.Weight[3]);
        return (() => Forward(), () =>
        {
            x.ZeroGrad();
            w.ZeroGrad();
            Forward().Backward(gy);
        }, macs);
    }

    private static JsonNode Run(Layer[] layers, Generator gen)
    {
        var section = new JsonObject();
        foreach (var layer in layers)
        {
            var (forward, stepOnce, macs) = Prepare(layer, gen);
            double fwd = Timing.Median(forward, reps: 31, warmup: 10);
            double step = Timing.Median(stepOnce, reps: 31, warmup: 10);
            section[layer.Name] = new JsonObject
            {
                ["forward_ms"] = EngineBench.Round(fwd * 1e3, 3),
                ["forward_gflops"] = EngineBench.Round(2 * macs / fwd / 1e9),
                ["forward_backward_ms"] = EngineBench.Round(step * 1e3, 3),
                ["forward_backward_gflops"] = EngineBench.Round(6 * macs / step / 1e9),
            };
            Console.Error.WriteLine($"{layer.Name}: fwd {2 * macs / fwd / 1e9:F1} GFLOPS, fwd+bwd {6 * macs / step / 1e9:F1} GFLOPS");
        }
        return section;
    }
}
