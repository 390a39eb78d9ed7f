using System.Numerics.Tensors;
using Latent.Kernels;

namespace Latent.Tensors;

/// <summary>A kernel combining two equally long spans into a third.</summary>
internal delegate void SpanZip(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

public sealed partial class Tensor
{
    /// <summary>max(x, 0).</summary>
    public Tensor Relu()
    {
        var y = Map(this, (x, o) => TensorPrimitives.Max(x, 0f, o));
        return Record(y, "Relu", this, g => GradMode.IsEnabled
            ? g.Mul(Map(y, (x, o) => UnaryKernels.StepMask(x, o, 0f)))
            : Zip(y, g, static (ys, gs, o) => UnaryKernels.SelectPositive(ys, gs, o, 1f, 0f)));
    }

    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    public Tensor LeakyRelu(float slope = 0.01f)
    {
        var y = Map(this, (x, o) => UnaryKernels.LeakyRelu(x, o, slope));
        return Record(y, "LeakyRelu", this, g => GradMode.IsEnabled
            ? g.Mul(Map(this, (x, o) => UnaryKernels.StepMask(x, o, slope)))
            : Zip(this, g, (xs, gs, o) => UnaryKernels.SelectPositive(xs, gs, o, 1f, slope)));
    }

    /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    public Tensor Elu(float alpha = 1f) => EluScaled(alpha, 1f, "Elu");

    /// <summary>Self-normalizing ELU with the constants of Klambauer et al. (2017).</summary>
    public Tensor Selu() => EluScaled(1.6732632423543772f, 1.0507009873554805f, "Selu");

    private Tensor EluScaled(float alpha, float scale, string name)
    {
        var y = Map(this, (x, o) => UnaryKernels.Elu(x, o, alpha, scale));
        // d/dx = scale for x > 0, y + scale·α below: written through y so it can be differentiated again.
        return Record(y, name, this, g => Where(Gt(0f), g.MulScalar(scale), g.Mul(y.AddScalar(scale * alpha))));
    }

    /// <summary>Exact GELU, x·Φ(x) with Φ the standard normal CDF.</summary>
    public Tensor Gelu()
    {
        var y = Map(this, UnaryKernels.Gelu);
        return Record(y, "Gelu", this, g =>
        {
            if (!GradMode.IsEnabled) return Zip(g, Map(this, UnaryKernels.GeluDerivative), TensorPrimitives.Multiply);
            var cdf = MulScalar(1f / MathF.Sqrt(2f)).Erf().AddScalar(1).MulScalar(0.5f);
            var pdf = Square().MulScalar(-0.5f).Exp().MulScalar(1f / MathF.Sqrt(2f * MathF.PI));
            return g.Mul(cdf.Add(Mul(pdf)));
        });
    }

    /// <summary>
    /// log(1 + e^(βx))/β; reverts to x where βx exceeds <paramref name="threshold"/>, like PyTorch, and its gradient
    /// follows: σ(βx) below the threshold, exactly 1 above it.
    /// </summary>
    /// <exception cref="ArgumentException">beta is not positive.</exception>
    public Tensor Softplus(float beta = 1f, float threshold = 20f)
    {
        if (!(beta > 0)) throw new ArgumentException($"Softplus: beta must be positive, got {beta}.");
        var y = Map(this, (x, o) => UnaryKernels.Softplus(x, o, beta, threshold));
        return Record(y, "Softplus", this, g =>
        {
            var scaled = MulScalar(beta);
            return Where(scaled.Gt(threshold), g, g.Mul(scaled.Sigmoid()));
        });
    }

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public Tensor Sigmoid()
    {
        var y = Map(this, TanhSigmoidKernels.Sigmoid);
        return Record(y, "Sigmoid", this, g => GradMode.IsEnabled
            ? g.Mul(y).Mul(y.RSub(1f))
            : Zip(g, y, static (gs, ys, o) => { for (int i = 0; i < o.Length; i++) o[i] = gs[i] * ys[i] * (1f - ys[i]); }));
    }

    /// <summary>log σ(x), stable for large |x|.</summary>
    public Tensor LogSigmoid()
    {
        var y = Map(this, UnaryKernels.LogSigmoid);
        return Record(y, "LogSigmoid", this, g => g.Mul(Neg().Sigmoid()));
    }

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh()
    {
        var y = Map(this, TanhSigmoidKernels.Tanh);
        return Record(y, "Tanh", this, g => GradMode.IsEnabled
            ? g.Mul(y.Square().RSub(1f))
            : Zip(g, y, static (gs, ys, o) => { for (int i = 0; i < o.Length; i++) o[i] = gs[i] * (1f - ys[i] * ys[i]); }));
    }

    /// <summary>
    /// Clamps into [min, max] (default [−1, 1]). The gradient passes strictly inside (min, max) and is 0 at the two
    /// corners themselves, like PyTorch's <c>hardtanh</c>; <see cref="Clamp"/> passes it at the bounds, like
    /// <c>torch.clamp</c>.
    /// </summary>
    /// <exception cref="ArgumentException">min is greater than max.</exception>
    public Tensor Hardtanh(float min = -1f, float max = 1f)
    {
        if (min > max) throw new ArgumentException($"Hardtanh: min {min} is greater than max {max}.");
        var y = Map(this, (x, o) => UnaryKernels.Clamp(x, o, min, max));
        return Record(y, "Hardtanh", this, g => g.Mul(Map(this, (x, o) =>
        {
            for (int i = 0; i < o.Length; i++) o[i] = x[i] > min && x[i] < max ? 1f : 0f;
        })));
    }

    /// <summary>x·σ(x), also called swish.</summary>
    public Tensor Silu()
    {
        var y = Map(this, UnaryKernels.Silu);
        return Record(y, "Silu", this, g =>
        {
            var s = Sigmoid();
            return g.Mul(s.Add(Mul(s).Mul(s.RSub(1f))));
        });
    }

    /// <summary>Combines two tensors of the same shape with a span kernel (no autograd; for backward fast paths).</summary>
    internal static Tensor Zip(Tensor a, Tensor b, SpanZip kernel)
    {
        var y = new Tensor(NewStorage(a.Size), (int[])a.Shape.Clone());
        var sa = a.Storage;
        var sb = b.Storage;
        var dst = y.Storage;
        Parallelism.For(dst.Length, Parallelism.ElementwiseGrain,
            (s, e) => kernel(sa.AsSpan(s, e - s), sb.AsSpan(s, e - s), dst.AsSpan(s, e - s)));
        return y;
    }
}
