using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Latent.Kernels;

namespace Latent.Bench;

/// <summary>
/// OpenBLAS (what Latent uses) against BLIS (Debian libblis4-pthread, its cblas_sgemm) at the GEMM shapes of W2's
/// convolutions, interleaved call by call in one process at 2 threads each. Writes bench/results/blas-compare.json.
/// The library is only measured here, never loaded by Latent itself.
/// </summary>
internal static unsafe class BlasCompare
{
    private const string Blis = "/usr/lib/x86_64-linux-gnu/blis-pthread/libblis.so.4";

    /// <summary>(what, transA, transB, m, n, k): W2's per-batch conv products (D2 = 64→128 k4 s2 on 14×14, G2 = ConvT 256→128 k4 s2 on 7×7, G1 = ConvT 100→256 k7 on 1×1).</summary>
    private static readonly (string Name, bool TransA, bool TransB, int M, int N, int K)[] Shapes =
    [
        ("D2 forward W·cols", false, false, 128, 3136, 1024),
        ("D2 input gradient Wᵀ·dY", true, false, 1024, 3136, 128),
        ("D2 weight gradient dY·colsᵀ", false, true, 128, 1024, 3136),
        ("G2 forward Wᵀ·x", true, false, 2048, 3136, 256),
        ("G2 input gradient W·cols(dY)", false, false, 256, 3136, 2048),
        ("G2 weight gradient x·colsᵀ", false, true, 256, 2048, 3136),
        ("G1 forward Wᵀ·z", true, false, 12544, 64, 100),
        ("square 2048", false, false, 2048, 2048, 2048),
    ];

    public static int Run(string[] args)
    {
        if (!File.Exists(Blis))
        {
            Console.Error.WriteLine($"{Blis} not found: apt-get install libblis4-pthread");
            return 2;
        }
        var handle = NativeLibrary.Load(Blis);
        var blis = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibrary.GetExport(handle, "cblas_sgemm");
        ((delegate* unmanaged<long, void>)NativeLibrary.GetExport(handle, "bli_thread_set_num_threads"))(KernelInfo.BlasThreads);
        var gen = new Latent.Tensors.Generator(3);
        var rows = new JsonArray();
        string loadBefore = LoadAverage.Read();
        foreach (var (name, ta, tb, m, n, k) in Shapes)
        {
            var a = Latent.Tensors.Tensor.Randn([m * k], gen).ToArray();
            var b = Latent.Tensors.Tensor.Randn([k * n], gen).ToArray();
            var c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            void OpenBlasCall() => Gemm.Run(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            void BlisCall()
            {
                fixed (float* pa = a, pb = b, pc = c)
                    blis(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
            }
            var (openblas, blisTime) = Timing.Interleaved(OpenBlasCall, BlisCall, reps: 15, warmup: 3);
            double gflop = 2e-9 * m * n * k;
            rows.Add(new JsonObject
            {
                ["gemm"] = name, ["m"] = m, ["n"] = n, ["k"] = k,
                ["openblas_ms"] = Math.Round(openblas * 1e3, 3), ["blis_ms"] = Math.Round(blisTime * 1e3, 3),
                ["openblas_gflops"] = Math.Round(gflop / openblas, 1), ["blis_gflops"] = Math.Round(gflop / blisTime, 1),
                ["blis_over_openblas"] = Math.Round(blisTime / openblas, 3),
            });
            Console.Error.WriteLine($"  {name}: OpenBLAS {openblas * 1e3:F2} ms, BLIS {blisTime * 1e3:F2} ms");
        }
        BenchResults.Write("blas-compare", new JsonObject
        {
            ["shapes"] = rows,
            ["blis"] = Blis,
            ["load_average_before"] = loadBefore,
            ["machine"] = EngineBench.MachineInfo(),
        });
        return 0;
    }
}
