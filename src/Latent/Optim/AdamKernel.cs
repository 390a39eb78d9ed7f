using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Latent.Optim;

/// <summary>The fused Adam update over spans, eight lanes at a time; every lane computes exactly what the scalar tail does.</summary>
internal static class AdamKernel
{
    /// <summary>
    /// <see cref="Update"/> over whole arrays, split across the kernel threads when they are long enough; every element
    /// gets the same arithmetic wherever the split falls.
    /// </summary>
    public static void UpdateParallel(float[] p, float[] g, float[] m, float[] v,
        float b1, float b2, float c1, float c2, float wd, float shrink, float step, float invSqrtBias2, float eps)
    {
        Kernels.Parallelism.For(p.Length, Kernels.Parallelism.ElementwiseGrain, (s, e) =>
            Update(p.AsSpan(s, e - s), g.AsSpan(s, e - s), m.AsSpan(s, e - s), v.AsSpan(s, e - s), b1, b2, c1, c2, wd, shrink, step, invSqrtBias2, eps));
    }

    /// <summary>
    /// p ← shrink·p (AdamW's decoupled decay; 1 for Adam), then m ← β₁m + (1−β₁)ĝ, v ← β₂v + (1−β₂)ĝ²,
    /// p ← p − step·m / (√v·c + ε), with ĝ = g + wd·p.
    /// </summary>
    public static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float b1, float b2, float c1, float c2, float wd, float shrink, float step, float invSqrtBias2, float eps)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float rp = ref MemoryMarshal.GetReference(p);
            ref float rg = ref MemoryMarshal.GetReference(g);
            ref float rm = ref MemoryMarshal.GetReference(m);
            ref float rv = ref MemoryMarshal.GetReference(v);
            var vb1 = Vector256.Create(b1); var vb2 = Vector256.Create(b2);
            var vc1 = Vector256.Create(c1); var vc2 = Vector256.Create(c2);
            var vwd = Vector256.Create(wd); var vstep = Vector256.Create(step);
            var vinv = Vector256.Create(invSqrtBias2); var veps = Vector256.Create(eps); var vshrink = Vector256.Create(shrink);
            for (; i <= p.Length - 8; i += 8)
            {
                var pi = Vector256.LoadUnsafe(ref rp, (nuint)i) * vshrink;
                var gi = Vector256.LoadUnsafe(ref rg, (nuint)i) + vwd * pi;
                var mi = vb1 * Vector256.LoadUnsafe(ref rm, (nuint)i) + vc1 * gi;
                var vi = vb2 * Vector256.LoadUnsafe(ref rv, (nuint)i) + vc2 * gi * gi;
                mi.StoreUnsafe(ref rm, (nuint)i);
                vi.StoreUnsafe(ref rv, (nuint)i);
                (pi - vstep * mi / (Vector256.Sqrt(vi) * vinv + veps)).StoreUnsafe(ref rp, (nuint)i);
            }
        }
        for (; i < p.Length; i++)
        {
            p[i] *= shrink;
            float gi = g[i] + wd * p[i];
            m[i] = b1 * m[i] + c1 * gi;
            float vi = v[i] = b2 * v[i] + c2 * gi * gi;
            p[i] -= step * m[i] / (MathF.Sqrt(vi) * invSqrtBias2 + eps);
        }
    }
}
