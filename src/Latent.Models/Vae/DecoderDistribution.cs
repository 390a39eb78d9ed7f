namespace Latent.Models.Vae;

/// <summary>The observation model p(x | z) of a VAE decoder.</summary>
public enum DecoderDistribution
{
    /// <summary>Independent Bernoulli values with logits from the decoder: log p(x | z) = −Σ BCE-with-logits (data in [0, 1]).</summary>
    Bernoulli,

    /// <summary>Independent Gaussians N(μ(z), σ²) with the decoder output as μ and a fixed σ.</summary>
    Gaussian,
}
