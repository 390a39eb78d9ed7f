using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>Closed forms for diagonal Gaussians used by the VAE objective.</summary>
public static class GaussianMath
{
    /// <summary>log 2π.</summary>
    public const double LogTwoPi = 1.8378770664093453;

    /// <summary>
    /// KL(N(μ, diag e^{logσ²}) ‖ N(0, I)) = ½·Σⱼ (μⱼ² + σⱼ² − 1 − log σⱼ²) per row: [B] for [B, d] inputs.
    /// </summary>
    public static Tensor KlToStandardNormal(Tensor mean, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        return ((mean.Square() + logVar.Exp() - logVar - 1f) * 0.5f).Sum(1);
    }

    /// <summary>z = μ + e^{½ log σ²}·ε with ε ~ N(0, I) drawn from <paramref name="gen"/>: differentiable in μ and log σ².</summary>
    public static (Tensor Z, Tensor Epsilon) Reparameterize(Tensor mean, Tensor logVar, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        var eps = Tensor.Randn(mean.Shape, gen);
        return (Reparameterize(mean, logVar, eps), eps);
    }

    /// <summary>z = μ + e^{½ log σ²}·ε for a given standard normal draw <paramref name="epsilon"/> shaped like μ.</summary>
    public static Tensor Reparameterize(Tensor mean, Tensor logVar, Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        ArgumentNullException.ThrowIfNull(epsilon);
        return mean + (logVar * 0.5f).Exp() * epsilon;
    }

    /// <summary>log N(z; 0, I) summed over the last axis: [B] for [B, d].</summary>
    public static Tensor LogStandardNormal(Tensor z)
        => ((z.Square() + (float)LogTwoPi) * -0.5f).Sum(1);

    /// <summary>log N(μ + σ·ε; μ, σ²) summed over the last axis, from the standardized draw ε and log σ²: [B].</summary>
    public static Tensor LogDiagonalNormal(Tensor epsilon, Tensor logVar)
        => ((epsilon.Square() + logVar + (float)LogTwoPi) * -0.5f).Sum(1);

    /// <summary>log((1/K)·Σₖ e^{aₖ}) computed stably (shifting by the maximum); −∞ when every term is −∞.</summary>
    /// <exception cref="ArgumentException">No terms.</exception>
    public static double LogMeanExp(ReadOnlySpan<double> terms)
    {
        if (terms.IsEmpty) throw new ArgumentException("LogMeanExp: no terms.", nameof(terms));
        double max = double.NegativeInfinity;
        foreach (double t in terms) max = Math.Max(max, t);
        if (double.IsNegativeInfinity(max)) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(max)) return double.PositiveInfinity;
        double sum = 0;
        foreach (double t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum / terms.Length);
    }
}
