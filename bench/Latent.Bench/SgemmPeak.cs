using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>
/// The machine's sgemm rate for square products (n = 256 … 4096) through the BLAS Latent uses: the roof of the
/// workloads' rooflines. Writes bench/results/sgemm-peak.json (or .avx2.json).
/// </summary>
internal static class SgemmPeak
{
    public static int Run(string[] args)
    {
        var rates = new JsonObject();
        double peak = 0;
        foreach (int n in new[] { 256, 512, 1024, 2048, 4096 })
        {
            double rate = Roofline.SgemmGflops(n, reps: n >= 4096 ? 3 : n >= 2048 ? 5 : 20);
            peak = Math.Max(peak, rate);
            rates[n.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Math.Round(rate, 1);
            Console.Error.WriteLine($"  n={n}: {rate:F1} GFLOPS");
        }
        BenchResults.Write("sgemm-peak", new JsonObject
        {
            ["peak_gflops"] = Math.Round(peak, 1),
            ["gflops_by_n"] = rates,
            ["machine"] = EngineBench.MachineInfo(),
        });
        return 0;
    }
}
