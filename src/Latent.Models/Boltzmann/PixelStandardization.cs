using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// The per-pixel standardisation v = (x − μ) / σ that a Gaussian–Bernoulli RBM with unit-variance visible units needs
/// (Hinton's practical guide, §13.2), with μ and σ of the training images. The state dict holds the buffers
/// <c>mean</c> [V] and <c>std</c> [V]; σ is floored at <see cref="MinStd"/> so that pixels that are almost constant (the
/// corners of Fashion-MNIST) do not turn a faint stroke into a value of hundreds.
/// </summary>
public sealed class PixelStandardization : Module
{
    /// <summary>The smallest σ used: a pixel that barely varies is scaled as if it varied by this much.</summary>
    public const float MinStd = 0.05f;

    /// <summary>Creates the identity standardisation (μ = 0, σ = 1) of <paramref name="size"/> values.</summary>
    public PixelStandardization(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        Mean = RegisterBuffer("mean", Tensor.Zeros(size));
        Std = RegisterBuffer("std", Tensor.Ones(size));
    }

    /// <summary>The number of values V of one example.</summary>
    public int Size { get; }

    /// <summary>μ [V].</summary>
    public Tensor Mean { get; }

    /// <summary>σ [V], at least <see cref="MinStd"/>.</summary>
    public Tensor Std { get; }

    /// <summary>Sets μ and σ to the per-value mean and standard deviation of rows <paramref name="x"/> [N, V] (σ floored at <see cref="MinStd"/>).</summary>
    /// <exception cref="ArgumentException">The rows do not hold V values, are fewer than two, or are not finite.</exception>
    public void Fit(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var rows = RbmParameters.Rows(x, Size, "standardised");
        if (rows.Shape[0] < 2) throw new ArgumentException($"Standardisation: needs at least two examples, got {rows.Shape[0]}.", nameof(x));
        if (rows.HasNonFinite()) throw new ArgumentException("Standardisation: the data holds NaN or infinite values.", nameof(x));
        using var _ = Autograd.NoGrad();
        var mean = rows.Mean(0);
        var std = (rows - mean).Square().Mean(0).Sqrt().Maximum(MinStd);
        Mean.CopyFrom(mean);
        Std.CopyFrom(std);
    }

    /// <summary>(x − μ) / σ for rows <paramref name="x"/> [N, V].</summary>
    public override Tensor Forward(Tensor x)
    {
        using var _ = Autograd.NoGrad();
        return (RbmParameters.Rows(x, Size, "standardised") - Mean) / Std;
    }

    /// <summary>μ + σ·v: standardised rows <paramref name="v"/> [N, V] back in the data's units.</summary>
    public Tensor Inverse(Tensor v)
    {
        using var _ = Autograd.NoGrad();
        return RbmParameters.Rows(v, Size, "standardised") * Std + Mean;
    }

    /// <summary>Σᵢ log σᵢ: what the density of standardised values loses in the data's units (log p(x) = log p(v) − Σᵢ log σᵢ).</summary>
    public double LogScale()
    {
        using var _ = Autograd.NoGrad();
        return Std.Log().Sum().Item();
    }
}
