using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Kernels;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// The parts of one W4 (PixelCNN) training step timed one by one at W4's shapes (batch 32, 28×28, 64 channels): the
/// masked convolutions' forward, input-gradient and weight-gradient kernels and their pieces (im2col, GEMM, layout
/// swaps, col2im), ReLU, bias, the 1×1 head, the 256-way log-softmax and cross-entropy, and Adam. Medians of repeated
/// calls after warm-up; the sum beside the whole step shows what the list misses. Writes nothing: prints a table.
/// Usage: <c>w4-parts [reps]</c>.
/// </summary>
internal static class W4Parts
{
    private const int N = 32, C = 64, Hw = 28, Levels = 256;

    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 21;
        var gen = new Generator(1);
        var rows = new List<(string Name, double Ms, double CpuMs, int Count)>();
        static double Cpu() => CpuClock.Milliseconds();
        void Add(string name, Action action, int count)
        {
            for (int i = 0; i < 5; i++) action();
            var wall = new double[reps];
            var cpu = new double[reps];
            for (int i = 0; i < reps; i++)
            {
                double c0 = Cpu();
                wall[i] = Timing.Time(action) * 1e3;
                cpu[i] = Cpu() - c0;
            }
            rows.Add((name, Timing.Median(wall), Timing.Median(cpu), count));
        }

        // Masked conv B, 64→64 3×3 pad 1, over its 5 kept taps (rows of "  " are pieces or alternatives, not summed).
        int[] tapsB = [0, 1, 2, 3, 4];
        var gB = new ConvGeometry(N, C, Hw, Hw, C, 3, 3, 1, 1, 1, 1, 1, 1, 1, Hw, Hw, tapsB);
        var gB9 = gB with { Taps = null };
        int nl = N * Hw * Hw, l = Hw * Hw;
        var x = Tensor.Randn([N, C, Hw, Hw], gen).ToArray();
        var w = Tensor.Randn([C, C, 3, 3], gen, std: 0.05f).ToArray();
        var b = Tensor.Randn([C], gen).ToArray();
        var gy = Tensor.Randn([N, C, Hw, Hw], gen).ToArray();
        var y = new float[x.Length];
        var gx = new float[x.Length];
        var gw = new float[w.Length];
        var cols = new float[gB9.ColRows * l];
        var colsB = new ConvColumns(gB);
        Add("B conv forward (5 taps, bias)", () => ConvKernels.Forward(x, w, b, gB, y), 5);
        Add("B input grad (5 taps)", () => ConvKernels.Transposed(gy, w, gB, gx), 5);
        Add("B weight grad (5 taps)", () => ConvKernels.WeightGrad(x, gy, gB, gw), 5);
        Add("  B forward, all 9 taps", () => ConvKernels.Forward(x, w, b, gB9, y), 5);
        Add("  B input grad, all 9 taps", () => ConvKernels.Transposed(gy, w, gB9, gx), 5);
        Add("  B weight grad, all 9 taps", () => ConvKernels.WeightGrad(x, gy, gB9, gw), 5);
        Add("  B im2col of one image (5 taps), × 32", () => { for (int n = 0; n < N; n++) colsB.Gather(x, n, 1, cols, parallel: false); }, 5);
        Add("  B col2im of one image (5 taps), × 32", () => { for (int n = 0; n < N; n++) colsB.Scatter(cols, n, 1, gx, parallel: false); }, 5);
        Add("  B GEMM 64x784x320 per image, × 32", () => { for (int n = 0; n < N; n++) Gemm.Run(false, false, C, l, gB.ColRows, 1f, w, 0, gB.ColRows, cols, 0, l, 0f, y, n * C * l, l); }, 5);
        var colsAll = new float[gB.ColRows * nl];
        Add("  B GEMM whole batch 64x25088x320", () => Gemm.Run(false, false, C, nl, gB.ColRows, 1f, w, 0, gB.ColRows, colsAll, 0, nl, 0f, gx, 0, nl), 5);

        // Masked conv A, 1→64 7×7 pad 3 over its 24 kept taps (no input gradient: its input is the data).
        var gA = new ConvGeometry(N, 1, Hw, Hw, C, 7, 7, 1, 1, 3, 3, 1, 1, 1, Hw, Hw, [.. Enumerable.Range(0, 24)]);
        var xa = Tensor.Rand([N, 1, Hw, Hw], gen).ToArray();
        var wa = Tensor.Randn([C, 1, 7, 7], gen, std: 0.1f).ToArray();
        var gwa = new float[wa.Length];
        Add("A conv forward (24 taps, bias)", () => ConvKernels.Forward(xa, wa, b, gA, y), 1);
        Add("A weight grad (24 taps)", () => ConvKernels.WeightGrad(xa, gy, gA, gwa), 1);

        // Elementwise work on the [32, 64, 28, 28] feature maps, through the tensor ops the model uses.
        var h = Tensor.Randn([N, C, Hw, Hw], gen).RequireGrad();
        var g = Tensor.Randn([N, C, Hw, Hw], gen);
        var bias = Tensor.Randn([C], gen).RequireGrad();
        var relu = h.Relu();
        Add("ReLU forward", () => h.Relu(), 6);
        Add("ReLU backward", () => Autograd.Grad(relu, h, g, retainGraph: true), 6);
        var biased = h.Add(bias.Reshape(1, C, 1, 1));
        Add("bias add forward", () => h.Add(bias.Reshape(1, C, 1, 1)), 6);
        Add("bias add backward (sum over N,H,W)", () => Autograd.Grad([biased], [h, bias], [g], retainGraph: true), 6);
        var wt = Tensor.Randn([C, C, 3, 3], gen).RequireGrad();
        var mask = Tensor.Ones(1, 1, 3, 3);
        var masked = wt * mask;
        Add("mask multiply forward+backward", () => { var m = wt * mask; Autograd.Grad(masked, wt, masked.Detach(), retainGraph: true); }, 6);

        // Head: permute to pixel rows, 1×1 conv to 256 logits as a matrix product, log-softmax, pick the targets.
        var perm = h.Permute(0, 2, 3, 1).Reshape(-1, C);
        Add("permute to [25088, 64] forward", () => h.Permute(0, 2, 3, 1).Reshape(-1, C), 1);
        Add("permute backward", () => Autograd.Grad(perm, h, perm.Detach(), retainGraph: true), 1);
        var rowsIn = Tensor.Randn([nl, C], gen).RequireGrad();
        var hw = Tensor.Randn([Levels, C], gen, std: 0.1f).RequireGrad();
        var hb = Tensor.Zeros(Levels).RequireGrad();
        var logits = rowsIn.Linear(hw, hb);
        var gl = Tensor.Randn([nl, Levels], gen);
        Add("head Linear forward 25088x256x64", () => rowsIn.Linear(hw, hb), 1);
        Add("head Linear backward", () => Autograd.Grad([logits], [rowsIn, hw, hb], [gl], retainGraph: true), 1);
        var gla = gl.ToArray();
        var hwa = hw.ToArray();
        var xra = rowsIn.ToArray();
        var dxr = new float[nl * C];
        var dwr = new float[Levels * C];
        Add("  head dX GEMM 25088x64x256", () => Gemm.Run(false, false, nl, C, Levels, 1f, gla, 0, Levels, hwa, 0, C, 0f, dxr, 0, C), 1);
        Add("  head dW GEMM 256x64x25088 (A transposed)", () => Gemm.Run(true, false, Levels, C, nl, 1f, gla, 0, Levels, xra, 0, C, 0f, dwr, 0, C), 1);
        Add("  head db: sum over 25088 rows", () => gl.Sum(0), 1);
        var targets = new int[nl];
        for (int i = 0; i < nl; i++) targets[i] = gen.NextInt(Levels);
        var lg = Tensor.Randn([nl, Levels], gen).RequireGrad();
        var ce = Losses.CrossEntropy(lg, targets, reduction: Reduction.None).Mean();
        Add("cross-entropy forward (log-softmax, gather, mean)", () => Losses.CrossEntropy(lg, targets, reduction: Reduction.None).Mean(), 1);
        Add("cross-entropy backward", () => Autograd.Grad(ce, lg, retainGraph: true), 1);
        var ls = lg.LogSoftmax(1);
        Add("  log-softmax forward", () => lg.LogSoftmax(1), 1);
        Add("  log-softmax backward", () => Autograd.Grad(ls, lg, gl, retainGraph: true), 1);

        // Adam over W4's parameters.
        var parameters = new[] { Tensor.Randn([C, 1, 7, 7], gen), Tensor.Randn([C], gen) }
            .Concat(Enumerable.Range(0, 5).SelectMany(_ => new[] { Tensor.Randn([C, C, 3, 3], gen), Tensor.Randn([C], gen) }))
            .Concat([Tensor.Randn([Levels, C, 1, 1], gen), Tensor.Randn([Levels], gen)])
            .Select(p => p.RequireGrad()).ToArray();
        foreach (var p in parameters) p.Grad = Tensor.Randn(p.Shape, gen, std: 1e-3f);
        var adam = new Adam(parameters, 1e-3);
        Add("Adam step", adam.Step, 1);

        // The whole step, for comparison with the sum of the parts.
        var setup = Latent.Models.Catalog.ModelCatalog.Find("pixelcnn")!.Create(new JsonObject { ["seed"] = 1, ["batch-size"] = 32, ["lr"] = 1e-3, ["train-size"] = 640 });
        using var batches = GanBench.Endless(setup.Train).GetEnumerator();
        Add("whole training step", () => { batches.MoveNext(); setup.Model.TrainStep(batches.Current); }, 0);
        double step = rows[^1].Ms, stepCpu = rows[^1].CpuMs;
        rows.RemoveAt(rows.Count - 1);

        double total = 0, totalCpu = 0;
        var table = new JsonObject();
        Console.WriteLine($"{"part",-52} {"wall ms",9} {"cpu ms",9} × count = wall, cpu per step");
        foreach (var (name, ms, cpuMs, count) in rows)
        {
            bool part = name.StartsWith("  ", StringComparison.Ordinal);
            if (!part) { total += ms * count; totalCpu += cpuMs * count; }
            Console.WriteLine($"{name,-52} {ms,9:F2} {cpuMs,9:F2} × {count} = {ms * count,8:F1} {cpuMs * count,8:F1}");
            table[name.Trim()] = new JsonObject { ["ms"] = Math.Round(ms, 3), ["cpu_ms"] = Math.Round(cpuMs, 3), ["per_step"] = count };
        }
        Console.WriteLine($"{"sum of the parts",-52} {"",24} {total,8:F1} {totalCpu,8:F1}");
        Console.WriteLine($"{"whole training step (median)",-52} {"",24} {step,8:F1} {stepCpu,8:F1}");
        table["sum_ms"] = Math.Round(total, 2);
        table["step_ms"] = Math.Round(step, 2);
        Console.Error.WriteLine(table.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return 0;
    }
}
