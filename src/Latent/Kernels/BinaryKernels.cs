using System.Numerics.Tensors;

namespace Latent.Kernels;

/// <summary>An elementwise binary float op in its three span forms (both spans, scalar right, scalar left).</summary>
internal interface IBinaryOp
{
    static abstract void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o);
    static abstract void Run(ReadOnlySpan<float> a, float b, Span<float> o);
    static abstract void Run(float a, ReadOnlySpan<float> b, Span<float> o);
}

internal struct AddOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Add(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Add(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Add(b, a, o);
}

internal struct SubOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Subtract(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Subtract(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Subtract(a, b, o);
}

internal struct MulOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Multiply(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Multiply(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Multiply(b, a, o);
}

internal struct DivOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Divide(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Divide(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Divide(a, b, o);
}

internal struct PowOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Pow(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Pow(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Pow(a, b, o);
}

/// <summary>Maximum that propagates NaN from either side.</summary>
internal struct MaxOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Max(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Max(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Max(b, a, o);
}

/// <summary>Minimum that propagates NaN from either side.</summary>
internal struct MinOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Min(a, b, o);
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) => TensorPrimitives.Min(a, b, o);
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) => TensorPrimitives.Min(b, a, o);
}

/// <summary>Comparison masks: 1 where the relation holds, else 0 (false for NaN).</summary>
internal struct GreaterOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a[i] > b[i] ? 1f : 0f; }
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a[i] > b ? 1f : 0f; }
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a > b[i] ? 1f : 0f; }
}

internal struct GreaterEqualOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a[i] >= b[i] ? 1f : 0f; }
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a[i] >= b ? 1f : 0f; }
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a >= b[i] ? 1f : 0f; }
}

internal struct EqualOp : IBinaryOp
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a[i] == b[i] ? 1f : 0f; }
    public static void Run(ReadOnlySpan<float> a, float b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a[i] == b ? 1f : 0f; }
    public static void Run(float a, ReadOnlySpan<float> b, Span<float> o) { for (int i = 0; i < o.Length; i++) o[i] = a == b[i] ? 1f : 0f; }
}

/// <summary>Runs a binary op over two arrays broadcast to a common output shape.</summary>
internal static class BinaryKernels
{
    public static void Broadcast<TOp>(float[] a, int[] aStrides, float[] b, int[] bStrides, float[] o, int[] oShape)
        where TOp : IBinaryOp
    {
        if (a.Length == o.Length && b.Length == o.Length)
        {
            Parallelism.For(o.Length, Parallelism.ElementwiseGrain,
                (s, e) => TOp.Run(a.AsSpan(s, e - s), b.AsSpan(s, e - s), o.AsSpan(s, e - s)));
            return;
        }
        Coalesce(oShape, aStrides, bStrides, out var shape, out var sa, out var sb);
        int rank = shape.Length;
        int inner = shape[rank - 1];
        int innerA = sa[rank - 1], innerB = sb[rank - 1];
        int outer = o.Length / Math.Max(1, inner);
        int grain = Math.Max(1, Parallelism.ElementwiseGrain / Math.Max(1, inner));
        Parallelism.For(outer, grain, (start, end) =>
        {
            var idx = new int[rank];
            int rem = start, offA = 0, offB = 0;
            for (int d = rank - 2; d >= 0; d--)
            {
                idx[d] = rem % shape[d];
                rem /= shape[d];
                offA += idx[d] * sa[d];
                offB += idx[d] * sb[d];
            }
            for (int r = start; r < end; r++)
            {
                var dst = o.AsSpan(r * inner, inner);
                if (innerA != 0 && innerB != 0) TOp.Run(a.AsSpan(offA, inner), b.AsSpan(offB, inner), dst);
                else if (innerA != 0) TOp.Run(a.AsSpan(offA, inner), b[offB], dst);
                else if (innerB != 0) TOp.Run(a[offA], b.AsSpan(offB, inner), dst);
                else dst.Fill(Scalar<TOp>(a[offA], b[offB]));
                for (int d = rank - 2; d >= 0; d--)
                {
                    offA += sa[d];
                    offB += sb[d];
                    if (++idx[d] < shape[d]) break;
                    offA -= sa[d] * shape[d];
                    offB -= sb[d] * shape[d];
                    idx[d] = 0;
                }
            }
        });
    }

    private static float Scalar<TOp>(float a, float b) where TOp : IBinaryOp
    {
        Span<float> x = [a], y = [b], z = [0f];
        TOp.Run(x, y, z);
        return z[0];
    }

    /// <summary>Merges adjacent dimensions that are contiguous in the output and in both operands.</summary>
    internal static void Coalesce(int[] oShape, int[] aStrides, int[] bStrides, out int[] shape, out int[] sa, out int[] sb)
    {
        var sh = new List<int>();
        var la = new List<int>();
        var lb = new List<int>();
        for (int d = 0; d < oShape.Length; d++)
        {
            if (oShape[d] == 1) continue;
            if (sh.Count > 0)
            {
                int last = sh.Count - 1;
                if (la[last] == aStrides[d] * oShape[d] && lb[last] == bStrides[d] * oShape[d])
                {
                    sh[last] *= oShape[d];
                    la[last] = aStrides[d];
                    lb[last] = bStrides[d];
                    continue;
                }
            }
            sh.Add(oShape[d]);
            la.Add(aStrides[d]);
            lb.Add(bStrides[d]);
        }
        if (sh.Count == 0) { sh.Add(1); la.Add(1); lb.Add(1); }
        shape = sh.ToArray();
        sa = la.ToArray();
        sb = lb.ToArray();
    }
}
