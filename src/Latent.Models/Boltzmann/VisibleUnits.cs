using Latent.Models.Catalog;

namespace Latent.Models.Boltzmann;

/// <summary>The kind of an RBM's visible units.</summary>
public enum VisibleUnits
{
    /// <summary>Binary units v ∈ {0, 1} with p(vᵢ = 1 | h) = σ(bᵢ + (Wᵀh)ᵢ): the pixels are binarized.</summary>
    [OptionValue("binary", "bernoulli")]
    Binary,

    /// <summary>
    /// Real-valued units of unit variance, v | h ~ N(b + Wᵀh, I), with energy ½‖v − b‖² − cᵀh − hᵀWv (the
    /// Gaussian–Bernoulli RBM of Hinton's practical guide, §13.2): the pixels are standardised to zero mean and unit
    /// variance with the training set's statistics.
    /// </summary>
    [OptionValue("gaussian")]
    Gaussian,
}
