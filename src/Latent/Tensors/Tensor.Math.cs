using System.Numerics.Tensors;
using Latent.Kernels;

namespace Latent.Tensors;

/// <summary>A kernel that maps an input span to an output span of the same length.</summary>
internal delegate void SpanMap(ReadOnlySpan<float> x, Span<float> y);

public sealed partial class Tensor
{
    /// <summary>Applies a span kernel to every element, in parallel chunks for large tensors.</summary>
    internal static Tensor Map(Tensor x, SpanMap kernel)
    {
        var y = new Tensor(NewStorage(x.Size), (int[])x.Shape.Clone());
        var src = x.Storage;
        var dst = y.Storage;
        Parallelism.For(src.Length, Parallelism.ElementwiseGrain, (s, e) => kernel(src.AsSpan(s, e - s), dst.AsSpan(s, e - s)));
        return y;
    }

    /// <summary>Elementwise negation.</summary>
    public Tensor Neg()
    {
        var y = Map(this, TensorPrimitives.Negate);
        return Record(y, "Neg", this, g => g.Neg());
    }

    /// <summary>Elementwise eˣ.</summary>
    public Tensor Exp()
    {
        var y = Map(this, TensorPrimitives.Exp);
        return Record(y, "Exp", this, g => g.Mul(y));
    }

    /// <summary>Elementwise natural logarithm (−∞ at 0, NaN below).</summary>
    public Tensor Log()
    {
        var y = Map(this, TensorPrimitives.Log);
        return Record(y, "Log", this, g => g.Div(this));
    }

    /// <summary>Elementwise log(1 + x), accurate for small x.</summary>
    public Tensor Log1p()
    {
        var y = Map(this, UnaryKernels.Log1p);
        return Record(y, "Log1p", this, g => g.Div(AddScalar(1)));
    }

    /// <summary>Elementwise eˣ − 1, accurate for small x.</summary>
    public Tensor Expm1()
    {
        var y = Map(this, UnaryKernels.Expm1);
        return Record(y, "Expm1", this, g => g.Mul(y.AddScalar(1)));
    }

    /// <summary>Elementwise square root.</summary>
    public Tensor Sqrt()
    {
        var y = Map(this, TensorPrimitives.Sqrt);
        return Record(y, "Sqrt", this, g => g.Div(y).MulScalar(0.5f));
    }

    /// <summary>Elementwise 1/√x.</summary>
    public Tensor Rsqrt()
    {
        var y = Map(this, UnaryKernels.Rsqrt);
        return Record(y, "Rsqrt", this, g => g.Mul(y.Pow(3f)).MulScalar(-0.5f));
    }

    /// <summary>Elementwise |x| (gradient 0 at 0).</summary>
    public Tensor Abs()
    {
        var y = Map(this, TensorPrimitives.Abs);
        return Record(y, "Abs", this, g => g.Mul(Sign()));
    }

    /// <summary>Elementwise sign: −1, 0 or 1 (its gradient is zero everywhere it exists).</summary>
    public Tensor Sign() => Map(this, UnaryKernels.Sign);

    /// <summary>Elementwise sine.</summary>
    public Tensor Sin()
    {
        var y = Map(this, TensorPrimitives.Sin);
        return Record(y, "Sin", this, g => g.Mul(Cos()));
    }

    /// <summary>Elementwise cosine.</summary>
    public Tensor Cos()
    {
        var y = Map(this, TensorPrimitives.Cos);
        return Record(y, "Cos", this, g => g.Mul(Sin()).Neg());
    }

    /// <summary>Elementwise error function.</summary>
    public Tensor Erf()
    {
        var y = Map(this, UnaryKernels.Erf);
        return Record(y, "Erf", this, g => g.Mul(Square().Neg().Exp()).MulScalar(2f / MathF.Sqrt(MathF.PI)));
    }

    /// <summary>
    /// Clamps every element into [min, max]; the gradient passes where min ≤ x ≤ max, bounds included (like
    /// <c>torch.clamp</c>; <see cref="Hardtanh"/> blocks it at the bounds, like PyTorch's <c>hardtanh</c>).
    /// </summary>
    /// <exception cref="ArgumentException">min is greater than max.</exception>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        if (min > max) throw new ArgumentException($"Clamp: min {min} is greater than max {max}.");
        var y = Map(this, (x, o) => UnaryKernels.Clamp(x, o, min, max));
        return Record(y, "Clamp", this, g => g.Mul(InsideMask(min, max)));
    }

    private Tensor InsideMask(float min, float max)
        => Map(this, (x, o) => { for (int i = 0; i < o.Length; i++) o[i] = x[i] >= min && x[i] <= max ? 1f : 0f; });

    /// <summary>Mask (1/0) of finite elements.</summary>
    public Tensor IsFinite() => Map(this, (x, o) => { for (int i = 0; i < o.Length; i++) o[i] = float.IsFinite(x[i]) ? 1f : 0f; });

    /// <summary>True when any element is NaN or infinite.</summary>
    public bool HasNonFinite() => Storage.AsSpan().IndexOfAnyExceptInRange(float.MinValue, float.MaxValue) >= 0;
}
