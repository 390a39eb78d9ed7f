using System.Numerics;
using System.Runtime.InteropServices;

namespace Latent.Kernels;

/// <summary>
/// Batch normalization over a [N, C, S] layout (S = the product of the spatial axes): statistics per channel over N·S
/// values, the normalized and affine output in one pass, and the closed-form gradient in two. Every channel is summed
/// by one thread in a fixed order, so results do not depend on scheduling or on where the arrays lie in memory.
/// </summary>
internal static class BatchNormKernels
{
    // Below this many values per (sample, channel) row, channel-by-channel walks touch one float per cache line; the
    // row-major variants walk the memory in order instead.
    private const int MinRowLength = 16;

    /// <summary>Per-channel mean and biased variance (two passes: the mean, then squared deviations from it).</summary>
    public static void Moments(float[] x, int n, int c, int s, float[] mean, float[] variance)
    {
        double count = (double)n * s;
        if (s < MinRowLength)
        {
            var sum = new double[c];
            ForEachRow(x, n, c, s, (ch, row) => sum[ch] += ReduceKernels.Sum(row));
            for (int ch = 0; ch < c; ch++) mean[ch] = (float)(sum[ch] / count);
            Array.Clear(sum);
            ForEachRow(x, n, c, s, (ch, row) => sum[ch] += SquaredDeviations(row, mean[ch]));
            for (int ch = 0; ch < c; ch++) variance[ch] = (float)(sum[ch] / count);
            return;
        }
        Parallelism.For(c, Grain(n, s), (c0, c1) =>
        {
            for (int ch = c0; ch < c1; ch++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += ReduceKernels.Sum(Row(x, i, ch, c, s));
                float mu = (float)(sum / count);
                double squares = 0;
                for (int i = 0; i < n; i++) squares += SquaredDeviations(Row(x, i, ch, c, s), mu);
                mean[ch] = mu;
                variance[ch] = (float)(squares / count);
            }
        });
    }

    /// <summary>
    /// y = act(x·scale[c] + shift[c]): the normalization and the affine folded into one multiply-add, then, with a
    /// <paramref name="gate"/>, the rectifier it describes in the same pass.
    /// </summary>
    public static void ScaleShift(float[] x, int n, int c, int s, float[] scale, float[] shift, float[] y, Rectifier? gate = null)
    {
        Parallelism.For(n * c, Math.Max(1, Parallelism.ElementwiseGrain / s), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int ch = r % c;
                var src = x.AsSpan(r * s, s);
                var dst = y.AsSpan(r * s, s);
                float a = scale[ch], b = shift[ch];
                int k = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    var va = new Vector<float>(a);
                    var vb = new Vector<float>(b);
                    var vs = MemoryMarshal.Cast<float, Vector<float>>(src);
                    var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
                    if (gate is not { } act)
                        for (int v = 0; v < vs.Length; v++) vd[v] = vs[v] * va + vb;
                    else
                        for (int v = 0; v < vs.Length; v++) vd[v] = act.Apply(vs[v] * va + vb);
                    k = vs.Length * Vector<float>.Count;
                }
                if (gate is not { } scalar)
                    for (; k < s; k++) dst[k] = src[k] * a + b;
                else
                    for (; k < s; k++) dst[k] = scalar.Apply(src[k] * a + b);
            }
        });
    }

    /// <summary>
    /// Per-channel Σg and Σg·x̂ with x̂ = (x − mean)·invStd recomputed on the fly; these are the bias and weight gradients
    /// and the two reductions the input gradient needs.
    /// </summary>
    /// <remarks>
    /// With a <c>gate</c> (a rectifier fused behind the normalization) g is the rectifier's output gradient, and each
    /// value is first multiplied by the rectifier's slope at z = x·scale[c] + shift[c], recomputed from x.
    /// </remarks>
    public static void GradientSums(float[] g, float[] x, int n, int c, int s, float[] mean, float[] invStd, float[] sumG, float[] sumGxhat,
        GateInput? gate = null)
    {
        if (s < MinRowLength)
        {
            var sg = new double[c];
            var sgx = new double[c];
            for (int i = 0; i < n; i++)
                for (int ch = 0; ch < c; ch++)
                {
                    int o = (i * c + ch) * s;
                    for (int k = 0; k < s; k++)
                    {
                        float gk = gate is { } gt ? gt.Gradient(g[o + k], x[o + k], ch) : g[o + k];
                        sg[ch] += gk;
                        sgx[ch] += gk * (x[o + k] - mean[ch]) * invStd[ch];
                    }
                }
            for (int ch = 0; ch < c; ch++) { sumG[ch] = (float)sg[ch]; sumGxhat[ch] = (float)sgx[ch]; }
            return;
        }
        Parallelism.For(c, Grain(n, s), (c0, c1) =>
        {
            for (int ch = c0; ch < c1; ch++)
            {
                double sg = 0, sgx = 0;
                float mu = mean[ch], rs = invStd[ch];
                for (int i = 0; i < n; i++)
                {
                    var gr = Row(g, i, ch, c, s);
                    var xr = Row(x, i, ch, c, s);
                    var (a, b) = gate is { } gt ? DotSums(gr, xr, mu, gt.Scale[ch], gt.Shift[ch], gt.Rectifier) : DotSums(gr, xr, mu);
                    sg += a;
                    sgx += b * rs;
                }
                sumG[ch] = (float)sg;
                sumGxhat[ch] = (float)sgx;
            }
        });
    }

    /// <summary>
    /// dx = γ·invStd·(g − Σg/M − x̂·Σg·x̂/M) per channel, M = N·S (γ = 1 without an affine weight).
    /// </summary>
    /// <remarks>With a <c>gate</c>, as in <see cref="GradientSums"/>: the fused rectifier's slope multiplies g first.</remarks>
    public static void InputGradient(float[] g, float[] x, int n, int c, int s, float[] mean, float[] invStd, float[]? weight,
        float[] sumG, float[] sumGxhat, float[] dx, GateInput? gate = null)
    {
        float m = (float)n * s;
        // dx = p·g + q·(x − μ) + r per channel, with x̂ = (x − μ)·σ⁻¹ expanded.
        var p = new float[c];
        var q = new float[c];
        var r = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            float k = (weight?[ch] ?? 1f) * invStd[ch];
            p[ch] = k;
            q[ch] = -k * (sumGxhat[ch] / m) * invStd[ch];
            r[ch] = -k * (sumG[ch] / m);
        }
        Parallelism.For(n * c, Math.Max(1, Parallelism.ElementwiseGrain / s), (r0, r1) =>
        {
            for (int row = r0; row < r1; row++)
            {
                int ch = row % c;
                var gs = g.AsSpan(row * s, s);
                var xs = x.AsSpan(row * s, s);
                var ds = dx.AsSpan(row * s, s);
                float pc = p[ch], qc = q[ch], rc = r[ch], mu = mean[ch];
                int k = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    var vg = MemoryMarshal.Cast<float, Vector<float>>(gs);
                    var vx = MemoryMarshal.Cast<float, Vector<float>>(xs);
                    var vd = MemoryMarshal.Cast<float, Vector<float>>(ds);
                    var vp = new Vector<float>(pc);
                    var vq = new Vector<float>(qc);
                    var vr = new Vector<float>(rc);
                    var vm = new Vector<float>(mu);
                    if (gate is not { } gt)
                        for (int v = 0; v < vg.Length; v++) vd[v] = vg[v] * vp + (vx[v] - vm) * vq + vr;
                    else
                    {
                        var va = new Vector<float>(gt.Scale[ch]);
                        var vb = new Vector<float>(gt.Shift[ch]);
                        for (int v = 0; v < vg.Length; v++) vd[v] = gt.Rectifier.Gradient(vg[v], vx[v] * va + vb) * vp + (vx[v] - vm) * vq + vr;
                    }
                    k = vg.Length * Vector<float>.Count;
                }
                for (; k < s; k++) ds[k] = (gate is { } gs1 ? gs1.Gradient(gs[k], xs[k], ch) : gs[k]) * pc + (xs[k] - mu) * qc + rc;
            }
        });
    }

    private static int Grain(int n, int s) => Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, n * s));

    private static ReadOnlySpan<float> Row(float[] x, int i, int ch, int c, int s) => x.AsSpan((i * c + ch) * s, s);

    private static void ForEachRow(float[] x, int n, int c, int s, Action<int, ReadOnlySpan<float>> body)
    {
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                body(ch, Row(x, i, ch, c, s));
    }

    // Vector lanes accumulate in a fixed order and are folded lane by lane, whatever the alignment.
    private static double SquaredDeviations(ReadOnlySpan<float> row, float mean)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(row);
        var mu = new Vector<float>(mean);
        var acc = Vector<float>.Zero;
        for (int i = 0; i < v.Length; i++)
        {
            var d = v[i] - mu;
            acc += d * d;
        }
        double sum = 0;
        for (int l = 0; l < Vector<float>.Count; l++) sum += acc[l];
        for (int k = v.Length * Vector<float>.Count; k < row.Length; k++) sum += (row[k] - mean) * (row[k] - mean);
        return sum;
    }

    // The same with g first multiplied by the rectifier's slope at z = x·a + b.
    private static (double SumG, double SumGx) DotSums(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float mean, float a, float b, Rectifier act)
    {
        var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var mu = new Vector<float>(mean);
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        var accG = Vector<float>.Zero;
        var accGx = Vector<float>.Zero;
        for (int i = 0; i < vg.Length; i++)
        {
            var gi = act.Gradient(vg[i], vx[i] * va + vb);
            accG += gi;
            accGx += gi * (vx[i] - mu);
        }
        double sg = 0, sgx = 0;
        for (int l = 0; l < Vector<float>.Count; l++) { sg += accG[l]; sgx += accGx[l]; }
        for (int k = vg.Length * Vector<float>.Count; k < g.Length; k++)
        {
            float gk = act.Gradient(g[k], x[k] * a + b);
            sg += gk;
            sgx += gk * (x[k] - mean);
        }
        return (sg, sgx);
    }

    // (Σg, Σg·(x − mean)) over one row.
    private static (double SumG, double SumGx) DotSums(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float mean)
    {
        var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var mu = new Vector<float>(mean);
        var accG = Vector<float>.Zero;
        var accGx = Vector<float>.Zero;
        for (int i = 0; i < vg.Length; i++)
        {
            accG += vg[i];
            accGx += vg[i] * (vx[i] - mu);
        }
        double sg = 0, sgx = 0;
        for (int l = 0; l < Vector<float>.Count; l++) { sg += accG[l]; sgx += accGx[l]; }
        for (int k = vg.Length * Vector<float>.Count; k < g.Length; k++) { sg += g[k]; sgx += g[k] * (x[k] - mean); }
        return (sg, sgx);
    }
}

/// <summary>
/// A rectifier fused behind a normalization: z for z &gt; 0, <see cref="Slope"/>·z otherwise (0: ReLU). Its results equal
/// the stand-alone <c>Relu</c> and <c>LeakyRelu</c> kernels' value for value, including exact zeros below 0 for ReLU.
/// </summary>
internal readonly record struct Rectifier(float Slope)
{
    /// <summary>act(z).</summary>
    public float Apply(float z) => Slope == 0 ? (z < 0 ? 0f : z) : z > 0 ? z : Slope * z;

    /// <summary>act(z) lane by lane.</summary>
    public Vector<float> Apply(Vector<float> z) => Slope == 0
        ? Vector.ConditionalSelect(Vector.LessThan(z, Vector<float>.Zero), Vector<float>.Zero, z)
        : Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<float>.Zero), z, z * Slope);

    /// <summary>g·act′(z): g where z &gt; 0, else Slope·g (exactly 0 for ReLU, even where g is not finite).</summary>
    public float Gradient(float g, float z) => z > 0 ? g : Slope == 0 ? 0f : Slope * g;

    /// <summary>g·act′(z) lane by lane.</summary>
    public Vector<float> Gradient(Vector<float> g, Vector<float> z) => Vector.ConditionalSelect(
        Vector.GreaterThan(z, Vector<float>.Zero), g, Slope == 0 ? Vector<float>.Zero : g * Slope);
}

/// <summary>What a normalization's backward needs to undo a fused <see cref="Rectifier"/>: z = x·Scale[c] + Shift[c].</summary>
internal sealed record GateInput(float[] Scale, float[] Shift, Rectifier Rectifier)
{
    /// <summary>g·act′(z) at one value x of channel <paramref name="ch"/>.</summary>
    public float Gradient(float g, float x, int ch) => Rectifier.Gradient(g, x * Scale[ch] + Shift[ch]);
}
