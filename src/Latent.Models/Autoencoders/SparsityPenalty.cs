using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>The form of a sparsity penalty on bottleneck activations.</summary>
public enum SparsityKind
{
    /// <summary>No penalty (listed last: an option, not a form of penalty).</summary>
    None = 0,

    /// <summary>λ·Σⱼ |hⱼ| per example (use with ReLU or linear codes).</summary>
    [OptionValue("l1")]
    L1 = 1,

    /// <summary>
    /// β·Σⱼ KL(ρ ‖ ρ̂ⱼ) = β·Σⱼ [ρ log(ρ/ρ̂ⱼ) + (1 − ρ) log((1 − ρ)/(1 − ρ̂ⱼ))] with ρ̂ⱼ the mean activation of unit j over
    /// the batch (Ng's sparse autoencoder; needs codes in (0, 1), e.g. sigmoid).
    /// </summary>
    [OptionValue("kl")]
    KlDivergence = 2,
}

/// <summary>A sparsity penalty Ω(h) added to the reconstruction loss of a sparse autoencoder.</summary>
/// <param name="Kind">L1 or KL-divergence.</param>
/// <param name="Weight">λ (L1) or β (KL).</param>
/// <param name="Target">The target mean activation ρ of the KL form, in (0, 1); unused by L1.</param>
public sealed record SparsityPenalty(SparsityKind Kind, float Weight, float Target = 0.05f)
{
    /// <summary>The clamp keeping ρ̂ inside (0, 1) so the KL stays finite.</summary>
    public const float Epsilon = 1e-6f;

    /// <summary>The penalty (a scalar) for codes <paramref name="code"/> [B, d]: the L1 form averaged over the examples, the KL form on the batch's mean activations.</summary>
    /// <exception cref="ArgumentException">The settings are invalid or the codes are not [B, d].</exception>
    public Tensor Compute(Tensor code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!(Weight >= 0)) throw new ArgumentException($"SparsityPenalty: weight {Weight} must be non-negative.");
        if (code.Rank != 2) throw new ArgumentException($"SparsityPenalty: codes must be [B, d], got {Common.ShapeText.Format(code.Shape)}.", nameof(code));
        if (Kind == SparsityKind.L1) return code.Abs().Sum(1).Mean() * Weight;
        if (!(Target > 0 && Target < 1)) throw new ArgumentException($"SparsityPenalty: target ρ = {Target} must lie in (0, 1).");
        var rhoHat = code.Mean(0).Clamp(Epsilon, 1 - Epsilon);
        float rho = Target;
        var kl = (rhoHat.RDiv(rho)).Log() * rho + (rhoHat.RSub(1f).RDiv(1 - rho)).Log() * (1 - rho);
        return kl.Sum() * Weight;
    }
}
