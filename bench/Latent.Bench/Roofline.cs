using System.Text.Json.Nodes;
using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// The roofline of a workload: its nominal GFLOP per training step, the machine's measured sgemm rate, and the share
/// of that rate each side reaches (workload FLOP ÷ median step time ÷ peak).
/// </summary>
/// <remarks>
/// The count is of the dense matrix-product work a step needs (2 FLOP per multiply-add; conv as its GEMM, masks
/// ignored): the forward products, the weight gradients of every trained layer and the input gradients that reach a
/// trained layer or a gradient penalty — not the elementwise work, and not work a framework does without needing it.
/// </remarks>
internal static class Roofline
{
    /// <summary>Nominal GFLOP per training step of <paramref name="workload"/> (<c>w1</c> … <c>w6</c>).</summary>
    public static double GflopPerStep(string workload) => 2e-9 * workload switch
    {
        "w1" => W1Macs(),
        "w2" => GanMacs(gradientPenalty: false),
        "w3" => GanMacs(gradientPenalty: true),
        "w4" => W4Macs(),
        "w5" => W5Macs(),
        "w6" => 5.0 * 100 * 784 * 500, // 3 products for ph0, pv1, ph1 and 2 rank-100 updates of W
        _ => throw new ArgumentException($"no FLOP model for workload '{workload}'", nameof(workload)),
    };

    /// <summary>Forward, weight-gradient and input-gradient products of an MLP step whose first layer's input needs no gradient.</summary>
    private static double MlpStep(int batch, params (int In, int Out)[] layers)
        => batch * (3.0 * layers.Sum(l => (double)l.In * l.Out) - (double)layers[0].In * layers[0].Out);

    private static double W1Macs()
        => MlpStep(128, (784, 400), (400, 40), (20, 400), (400, 784)); // fc21 and fc22 as one 400→40 product

    private static double W5Macs()
        => 6 * MlpStep(64, (784, 1024), (1024, 1024), (1024, 1568)) + 5 * 64.0 * 784 * 1024; // couplings 2–6 need their first layer's input gradient

    private static double W4Macs()
    {
        const double pixels = 32.0 * 28 * 28;
        double a = pixels * 64 * 1 * 49, b = pixels * 64 * 64 * 9, head = pixels * 256 * 64;
        return 3 * (a + 5 * b + head) - a; // the image needs no gradient
    }

    /// <summary>
    /// W2 (or W3 with the gradient penalty): G forward once; D forward on real and fake (and interpolates), D's weight
    /// gradients, D's input gradients past its first layer; then D forward on the fake, D's input gradients down to the
    /// image, G's weight gradients and input gradients past its first layer. The penalty adds D's input gradients at the
    /// interpolates and, differentiating those, one weight-gradient and one input-gradient product per layer.
    /// </summary>
    private static double GanMacs(bool gradientPenalty)
    {
        const double n = 64;
        double g1 = n * 100 * 256 * 49, g2 = n * 256 * 128 * 16 * 7 * 7, g3 = n * 128 * 1 * 16 * 14 * 14;
        double d1 = n * 1 * 64 * 16 * 14 * 14, d2 = n * 64 * 128 * 16 * 7 * 7, d3 = n * 128 * 1 * 49;
        double g = g1 + g2 + g3, d = d1 + d2 + d3;
        double generator = g + g + (g2 + g3);
        double dStep = 2 * d + 2 * d + 2 * (d2 + d3);
        double gStep = d + d;
        double penalty = gradientPenalty ? d + d + d + (d1 + d2) : 0;
        return generator + dStep + gStep + penalty;
    }

    /// <summary>
    /// The best rate of <paramref name="reps"/> n×n×n sgemm calls after two untimed ones, in GFLOPS, through the BLAS
    /// Latent uses (OpenBLAS, or the managed kernel when it is missing).
    /// </summary>
    public static double SgemmGflops(int n, int reps)
    {
        var gen = new Generator(7);
        var a = Tensor.Randn([n, n], gen).ToArray();
        var b = Tensor.Randn([n, n], gen).ToArray();
        var c = new float[n * n];
        void Product() => Gemm.Run(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        Product();
        Product();
        double best = double.PositiveInfinity;
        for (int i = 0; i < reps; i++) best = Math.Min(best, Timing.Time(Product));
        return 2.0 * n * n * n / best * 1e-9;
    }

    /// <summary>The "roofline" section of a workload's result: GFLOP per step, sgemm peak (measured now), each side's share.</summary>
    public static JsonObject Of(string workload, JsonObject result)
    {
        double gflop = GflopPerStep(workload);
        const int n = 2048;
        double peak = SgemmGflops(n, reps: 5);
        var section = new JsonObject
        {
            ["gflop_per_step"] = Math.Round(gflop, 3),
            ["sgemm_peak_gflops"] = Math.Round(peak, 1),
            ["sgemm_peak_measured"] = $"best of 5 n={n} sgemm ({(Gemm.UsesOpenBlas ? "OpenBLAS" : "managed")}, {KernelInfo.BlasThreads} threads), load {LoadAverage.Read()}",
        };
        foreach (var side in new[] { "latent", "pytorch", "libtorch" })
            if (result[$"{side}_median_s"] is { } median)
            {
                double rate = gflop / median.GetValue<double>();
                section[$"{side}_gflops"] = Math.Round(rate, 1);
                section[$"{side}_peak_share"] = Math.Round(rate / peak, 3);
            }
        return section;
    }
}
