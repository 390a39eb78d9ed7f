using Latent.Tensors;

namespace Latent.Optim;

/// <summary>What <see cref="Clipping.ClipGradNorm"/> does when the total gradient norm is NaN or infinite.</summary>
public enum NonFiniteNorm
{
    /// <summary>Throw <see cref="InvalidOperationException"/>, leaving the gradients untouched.</summary>
    Throw,

    /// <summary>Leave the gradients untouched and return the non-finite norm, so that the caller can skip the step.</summary>
    Ignore,
}

/// <summary>Gradient clipping by global norm or by value, and weight clipping (WGAN's Lipschitz constraint).</summary>
public static class Clipping
{
    /// <summary>
    /// Scales all gradients together so that their global <paramref name="normType"/>-norm is at most
    /// <paramref name="maxNorm"/> (by <c>maxNorm / (norm + 1e-6)</c>, as in PyTorch). Parameters without a gradient are skipped.
    /// </summary>
    /// <param name="parameters">The parameters whose <see cref="Tensor.Grad"/> is clipped in place.</param>
    /// <param name="maxNorm">The largest allowed norm.</param>
    /// <param name="normType">p of the p-norm; <see cref="double.PositiveInfinity"/> for the max-norm.</param>
    /// <param name="nonFinite">What to do when the norm is NaN or infinite.</param>
    /// <returns>The total norm before clipping.</returns>
    /// <exception cref="ArgumentException"><paramref name="maxNorm"/> is negative or <paramref name="normType"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The norm is not finite and <paramref name="nonFinite"/> is <see cref="NonFiniteNorm.Throw"/>.</exception>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2,
        NonFiniteNorm nonFinite = NonFiniteNorm.Throw)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0)) throw new ArgumentException($"ClipGradNorm: maxNorm must be >= 0, got {maxNorm}.", nameof(maxNorm));
        if (!(normType > 0)) throw new ArgumentException($"ClipGradNorm: normType must be > 0, got {normType}.", nameof(normType));
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToArray();
        double norm = 0;
        foreach (var g in grads)
            foreach (var v in g.Data)
            {
                double a = Math.Abs((double)v);
                if (double.IsPositiveInfinity(normType)) norm = double.IsNaN(a) ? a : Math.Max(norm, a);
                else norm += normType == 2 ? a * a : normType == 1 ? a : Math.Pow(a, normType);
            }
        if (!double.IsPositiveInfinity(normType)) norm = normType == 2 ? Math.Sqrt(norm) : normType == 1 ? norm : Math.Pow(norm, 1 / normType);
        if (!double.IsFinite(norm))
        {
            if (nonFinite == NonFiniteNorm.Throw)
                throw new InvalidOperationException(
                    $"ClipGradNorm: the total gradient norm is {norm}; the loss or its gradient overflowed or produced NaN. " +
                    "Pass NonFiniteNorm.Ignore to get the norm back and skip the step instead.");
            return norm;
        }
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
        {
            float c = (float)coef;
            foreach (var g in grads) System.Numerics.Tensors.TensorPrimitives.Multiply(g.Data, c, g.Data);
        }
        return norm;
    }

    /// <summary>Clamps every gradient element into <c>[−clipValue, clipValue]</c> in place. NaN elements stay NaN.</summary>
    /// <exception cref="ArgumentException"><paramref name="clipValue"/> is negative or NaN.</exception>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
            if (p.Grad is { } g) ClampInPlace(g, clipValue, nameof(ClipGradValue));
    }

    /// <summary>
    /// Clamps every parameter element into <c>[−c, c]</c> in place, outside autograd: the weight clipping that keeps a
    /// WGAN critic Lipschitz (Arjovsky et al., 2017, use c = 0.01 after each critic update).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="c"/> is negative or NaN.</exception>
    public static void ClipWeights(IEnumerable<Tensor> parameters, double c)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) ClampInPlace(p, c, nameof(ClipWeights));
    }

    private static void ClampInPlace(Tensor t, double bound, string op)
    {
        if (!(bound >= 0)) throw new ArgumentException($"{op}: the bound must be >= 0, got {bound}.", nameof(bound));
        float b = (float)bound;
        Kernels.UnaryKernels.Clamp(t.Data, t.Data, -b, b);
    }
}
