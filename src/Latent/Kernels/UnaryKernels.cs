using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Latent.Kernels;

/// <summary>Elementwise float kernels that System.Numerics.Tensors does not provide in the form we need.</summary>
internal static class UnaryKernels
{
    public static void Log1p(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = (float)Math.Log(1.0 + x[i]);
    }

    public static void Expm1(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = x[i];
            y[i] = Math.Abs(v) < 1e-5 ? (float)(v + 0.5 * v * v) : (float)(Math.Exp(v) - 1.0);
        }
    }

    public static void Rsqrt(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Sqrt(x, y);
        TensorPrimitives.Divide(1f, y, y);
    }

    public static void Sign(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0 ? 1f : x[i] < 0 ? -1f : x[i] == 0 ? 0f : float.NaN;
    }

    public static void Clamp(ReadOnlySpan<float> x, Span<float> y, float min, float max)
    {
        TensorPrimitives.Max(x, min, y);
        TensorPrimitives.Min(y, max, y);
    }

    /// <summary>Error function, evaluated in double precision and rounded to float.</summary>
    public static void Erf(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = (float)ErfDouble(x[i]);
    }

    /// <summary>erf with absolute error below 1.2e-7 everywhere (Numerical Recipes' erfc Chebyshev fit).</summary>
    public static double ErfDouble(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277)))))))));
        double erf = 1.0 - r;
        return x >= 0 ? erf : -erf;
    }

    /// <summary>log(1 + e^(βx)) / β, computed without overflow.</summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float bx = beta * x[i];
            y[i] = bx > threshold ? x[i] : (MathF.Max(bx, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(bx)))) / beta;
        }
    }

    /// <summary>log σ(x) = −softplus(−x), stable for large |x|.</summary>
    public static void LogSigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = MathF.Min(x[i], 0f) - MathF.Log(1f + MathF.Exp(-MathF.Abs(x[i])));
    }

    public static void Elu(ReadOnlySpan<float> x, Span<float> y, float alpha, float scale)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = scale * (x[i] > 0 ? x[i] : alpha * (MathF.Exp(x[i]) - 1f));
    }

    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope) => SelectPositive(x, x, y, 1f, slope);

    /// <summary>1 where x &gt; 0, <paramref name="negative"/> elsewhere.</summary>
    public static void StepMask(ReadOnlySpan<float> x, Span<float> y, float negative)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            var neg = Vector256.Create(negative);
            for (; i <= y.Length - 8; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), one, neg).CopyTo(y.Slice(i, 8));
            }
        }
        for (; i < y.Length; i++) y[i] = x[i] > 0 ? 1f : negative;
    }

    /// <summary>o = (x &gt; 0 ? positive : negative)·v: leaky-relu forward (v = x) and backward (v = gradient) in one pass.</summary>
    public static void SelectPositive(ReadOnlySpan<float> x, ReadOnlySpan<float> v, Span<float> o, float positive, float negative)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var pos = Vector256.Create(positive);
            var neg = Vector256.Create(negative);
            for (; i <= o.Length - 8; i += 8)
            {
                var xv = Vector256.Create(x.Slice(i, 8));
                var vv = Vector256.Create(v.Slice(i, 8));
                var below = negative == 0 ? Vector256<float>.Zero : vv * neg; // exact zeros even where v is not finite
                Vector256.ConditionalSelect(Vector256.GreaterThan(xv, Vector256<float>.Zero), vv * pos, below).CopyTo(o.Slice(i, 8));
            }
        }
        for (; i < o.Length; i++) o[i] = x[i] > 0 ? positive * v[i] : negative == 0 ? 0f : negative * v[i];
    }

    /// <summary>Exact GELU: x Φ(x).</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = (float)(0.5 * x[i] * (1.0 + ErfDouble(x[i] / Math.Sqrt(2.0))));
    }

    /// <summary>Φ(x) + x φ(x), the derivative of GELU.</summary>
    public static void GeluDerivative(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(0.5 * (1.0 + ErfDouble(v / Math.Sqrt(2.0))) + v * Math.Exp(-0.5 * v * v) / Math.Sqrt(2.0 * Math.PI));
        }
    }

    /// <summary>max(x, 0) − x·y + log(1 + e^(−|x|)): binary cross-entropy of logit x against target y (vectorized passes).</summary>
    public static void BceWithLogits(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> o)
    {
        // o = log(1 + e^(−|x|)); e^(−|x|) ∈ (0, 1], so forming 1 + e before the log loses nothing that matters in float.
        TensorPrimitives.Abs(x, o);
        TensorPrimitives.Negate(o, o);
        TensorPrimitives.Exp(o, o);
        TensorPrimitives.Add(o, 1f, o);
        TensorPrimitives.Log(o, o);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= o.Length - 8; i += 8)
            {
                var xv = Vector256.Create(x.Slice(i, 8));
                var r = Vector256.Max(xv, Vector256<float>.Zero) - xv * Vector256.Create(y.Slice(i, 8)) + Vector256.Create(o.Slice(i, 8));
                r.CopyTo(o.Slice(i, 8));
            }
        for (; i < o.Length; i++) o[i] = MathF.Max(x[i], 0f) - x[i] * y[i] + o[i];
    }

    /// <summary>g·(σ(x) − y): the gradient of <see cref="BceWithLogits"/> with respect to x.</summary>
    public static void BceWithLogitsGrad(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> o)
    {
        TensorPrimitives.Sigmoid(x, o);
        TensorPrimitives.Subtract(o, y, o);
        TensorPrimitives.Multiply(o, g, o);
    }

    public static void Silu(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Sigmoid(x, y);
        TensorPrimitives.Multiply(x, y, y);
    }
}
