using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// Engine throughput: GEMM through the Tensor API against raw cblas_sgemm, the managed GEMM, elementwise kernels and
/// an MLP training step. Writes bench/results/engine.json.
/// </summary>
internal static class EngineBench
{
    public static int Run(string[] args)
    {
        var gen = new Generator(1);
        var sections = new Dictionary<string, Func<Generator, JsonNode>>
        {
            ["matmul"] = MatMul,
            ["managed_gemm"] = ManagedGemm,
            ["elementwise_gelem_per_s"] = Elementwise,
            ["mlp_784_400_400_10_batch128"] = Mlp,
            ["conv_batch64"] = ConvBench.Run,
            ["conv_w4_batch32"] = ConvBench.RunW4,
            ["zparts"] = ConvParts.Run,
        };
        // With section names as arguments only those run, and nothing is written.
        var selected = args.Length == 0 ? sections.Keys.ToList() : sections.Keys.Where(k => args.Any(a => k.StartsWith(a))).ToList();
        var result = new JsonObject { ["machine"] = MachineInfo() };
        foreach (var name in selected) result[name] = sections[name](gen);
        if (args.Length > 0)
        {
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        BenchResults.Write("engine", result);
        return 0;
    }

    /// <summary>The machine and the instruction set this run uses (CPU model, SIMD width, ISA overrides), with the BLAS.</summary>
    internal static JsonObject MachineInfo() => new()
    {
        ["cpu_model"] = CpuInfo.Model,
        ["cpu_simd_flags"] = CpuInfo.SimdFlags,
        ["latent_isa"] = CpuInfo.LatentIsa,
        ["latent_vector_bits"] = CpuInfo.LatentVectorBits,
        ["isa_overrides"] = CpuInfo.IsaOverrides(),
        ["load_average"] = LoadAverage.Read(),
        ["blas"] = KernelInfo.BlasPath ?? "managed",
        ["blas_config"] = OpenBlas.Config ?? "none",
        ["blas_threads"] = KernelInfo.BlasThreads,
        ["convolutions"] = KernelInfo.OneDnnVersion is { } dnnl ? $"oneDNN {dnnl} for layers of >= 32 channels with 3x3+ kernels (without AVX-512 in oneDNN: not those with >= 2048 column rows over planes below 8x8), im2col + BLAS otherwise" : "im2col + BLAS",
        ["kernel_threads"] = KernelInfo.KernelThreads,
        ["simd"] = KernelInfo.SimdDescription,
        ["date_utc"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm"),
    };

    private static JsonObject MatMul(Generator gen)
    {
        var section = new JsonObject();
        foreach (int n in new[] { 256, 512, 1024, 2048 })
        {
            var a = Tensor.Randn([n, n], gen);
            var b = Tensor.Randn([n, n], gen);
            var c = new float[n * n];
            var aData = a.ToArray();
            var bData = b.ToArray();
            var output = Tensor.Zeros(n, n);
            int reps = n >= 2048 ? 9 : n >= 1024 ? 31 : 61;
            // Enough untimed products that the storage pool has recycled outputs a few times: the steady state of a loop.
            int warmup = Math.Max(3, (int)((192L << 20) / (4L * n * n)));
            for (int i = 0; i < warmup; i++) a.MatMul(b);
            int collections = StoragePool.Collections;
            // The allocating API against raw sgemm into a reused buffer, then the API writing into an existing tensor.
            var (tensor, raw) = Timing.InterleavedTimes(
                () => a.MatMul(b),
                () => OpenBlas.Gemm(false, false, n, n, n, 1f, aData, 0, n, bData, 0, n, 0f, c, 0, n),
                reps, warmup: 2);
            collections = StoragePool.Collections - collections;
            var (into, raw2) = Timing.Interleaved(
                () => Tensor.MatMulInto(a, b, output),
                () => OpenBlas.Gemm(false, false, n, n, n, 1f, aData, 0, n, bData, 0, n, 0f, c, 0, n),
                reps, warmup: 3);
            // Raw sgemm into a newly allocated array each call: what an allocating API pays without buffer reuse.
            var (tensor2, rawFresh) = Timing.Interleaved(
                () => a.MatMul(b),
                () => OpenBlas.Gemm(false, false, n, n, n, 1f, aData, 0, n, bData, 0, n, 0f, GC.AllocateUninitializedArray<float>(n * n), 0, n),
                reps, warmup: 3);
            double flops = 2.0 * n * n * n;
            double tensorMedian = Timing.Median(tensor), rawMedian = Timing.Median(raw);
            section[n.ToString()] = new JsonObject
            {
                ["tensor_gflops"] = Round(flops / tensorMedian / 1e9),
                ["raw_gflops"] = Round(flops / rawMedian / 1e9),
                ["ratio"] = Round(rawMedian / tensorMedian, 3),
                ["ratio_of_means"] = Round(raw.Average() / tensor.Average(), 3),
                ["pool_collections_while_timed"] = collections,
                ["tensor_into_gflops"] = Round(flops / into / 1e9),
                ["ratio_into"] = Round(raw2 / into, 3),
                ["raw_fresh_output_gflops"] = Round(flops / rawFresh / 1e9),
                ["ratio_vs_raw_fresh_output"] = Round(rawFresh / tensor2, 3),
            };
            Console.Error.WriteLine($"matmul {n}: tensor {flops / tensorMedian / 1e9:F1} GFLOPS ({rawMedian / tensorMedian:P1} of raw {flops / rawMedian / 1e9:F1}; means {raw.Average() / tensor.Average():P1}; {collections} pool collections), into {flops / into / 1e9:F1} ({raw2 / into:P0} of raw), raw into a fresh array {flops / rawFresh / 1e9:F1}");
        }
        return section;
    }

    private static JsonObject ManagedGemm(Generator gen)
    {
        var section = new JsonObject();
        Gemm.ForceManaged = true;
        try
        {
            foreach (int n in new[] { 256, 512, 1024 })
            {
                var a = Tensor.Randn([n, n], gen);
                var b = Tensor.Randn([n, n], gen);
                double t = Timing.Median(() => a.MatMul(b), reps: n >= 1024 ? 7 : 21, warmup: 3);
                section[n.ToString()] = Round(2.0 * n * n * n / t / 1e9);
            }
        }
        finally { Gemm.ForceManaged = false; }
        return section;
    }

    private static JsonObject Elementwise(Generator gen)
    {
        const int n = 1 << 20;
        var x = Tensor.Randn([n], gen);
        var y = Tensor.Randn([n], gen);
        var ops = new (string Name, Func<Tensor> Op)[]
        {
            ("add", () => x + y), ("exp", () => x.Exp()), ("tanh", () => x.Tanh()), ("sigmoid", () => x.Sigmoid()),
            // The System.Numerics.Tensors kernels the two replaced (Kernels/TanhSigmoidKernels.cs), on the same threads.
            ("tanh_system_numerics", () => Tensor.Map(x, System.Numerics.Tensors.TensorPrimitives.Tanh)),
            ("sigmoid_system_numerics", () => Tensor.Map(x, System.Numerics.Tensors.TensorPrimitives.Sigmoid)),
        };
        var section = new JsonObject();
        foreach (var (name, op) in ops)
            section[name] = Round(n / Timing.Median(() => op(), reps: 201, warmup: 400) / 1e9, 3);
        return section;
    }

    private static JsonObject Mlp(Generator gen)
    {
        var sizes = new[] { 784, 400, 400, 10 };
        var weights = new List<Tensor>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            weights.Add(Tensor.Randn([sizes[i + 1], sizes[i]], gen, std: MathF.Sqrt(2f / sizes[i])).RequireGrad());
            weights.Add(Tensor.Zeros(sizes[i + 1]).RequireGrad());
        }
        var x = Tensor.Rand([128, 784], gen);
        var labels = Tensor.RandInt(0, 10, [128, 1], gen);
        void Step()
        {
            var h = x;
            for (int i = 0; i < weights.Count; i += 2)
            {
                h = h.Linear(weights[i], weights[i + 1]);
                if (i + 2 < weights.Count) h = h.Relu();
            }
            var loss = -h.LogSoftmax(-1).Gather(1, labels).Mean();
            foreach (var w in weights) w.ZeroGrad();
            loss.Backward();
        }
        for (int i = 0; i < 300; i++) Step();
        const int reps = 200;
        var times = new double[reps];
        long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gcBefore = GC.CollectionCount(0);
        var gcPause = GC.GetTotalPauseDuration();
        for (int i = 0; i < reps; i++) times[i] = Timing.Time(Step);
        long bytes = (GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / reps;
        return new JsonObject
        {
            ["median_ms"] = Round(Timing.Median(times) * 1e3, 3),
            ["bytes_allocated_per_step"] = bytes,
            ["gen0_collections_per_100_steps"] = Round((GC.CollectionCount(0) - gcBefore) * 100.0 / reps, 1),
            ["gc_pause_ms_per_step"] = Round((GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds / reps, 3),
        };
    }

    internal static double Round(double v, int digits = 2) => Math.Round(v, digits);

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Latent.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
