using Latent.Kernels;

namespace Latent.Bench;

/// <summary>Temporary probe: GEMM shapes of W4's masked conv B, whole batch vs per image, BLAS threads vs our threads.</summary>
internal static class GemmProbe
{
    public static int Run(string[] args)
    {
        int k = args.Length > 0 ? int.Parse(args[0]) : 320;
        const int o = 64, l = 784, n = 32;
        var rng = new Random(1);
        float[] R(int s) { var a = new float[s]; for (int i = 0; i < s; i++) a[i] = (float)rng.NextDouble() - 0.5f; return a; }
        var w = R(o * k);
        var cols = R(k * n * l);
        var y = new float[o * n * l];
        var y2 = new float[o * n * l];
        int threads = OpenBlas.Threads;
        void Big() => Gemm.Run(false, false, o, n * l, k, 1f, w, 0, k, cols, 0, n * l, 0f, y, 0, n * l);
        void PerImage()
        {
            for (int i = 0; i < n; i++) Gemm.Run(false, false, o, l, k, 1f, w, 0, k, cols, i * l, n * l, 0f, y2, i * l, n * l);
        }
        var local = new float[2][];
        local[0] = R(k * l); local[1] = R(k * l);
        void PerImageLocal()
        {
            for (int i = 0; i < n; i++) Gemm.Run(false, false, o, l, k, 1f, w, 0, k, local[0], 0, l, 0f, y2, i * o * l, l);
        }
        void OurThreads()
        {
            OpenBlas.Threads = 1;
            Parallel.For(0, 2, t =>
            {
                for (int i = t * n / 2; i < (t + 1) * n / 2; i++)
                    Gemm.Run(false, false, o, l, k, 1f, w, 0, k, local[t], 0, l, 0f, y2, i * o * l, l);
            });
            OpenBlas.Threads = threads;
        }
        double flop = 2.0 * o * k * l * n;
        for (int round = 0; round < 3; round++)
        {
            var a = Timing.Median(Big, 15, 5);
            var b = Timing.Median(PerImage, 15, 5);
            var c = Timing.Median(PerImageLocal, 15, 5);
            var d = Timing.Median(OurThreads, 15, 5);
            Console.WriteLine($"k={k}: whole batch {a * 1e3:F2} ms ({flop / a / 1e9:F0} GFLOPS), per image strided {b * 1e3:F2} ({flop / b / 1e9:F0}), " +
                $"per image local {c * 1e3:F2} ({flop / c / 1e9:F0}), 2 threads × 1-thread BLAS {d * 1e3:F2} ({flop / d / 1e9:F0})");
        }
        return 0;
    }
}
