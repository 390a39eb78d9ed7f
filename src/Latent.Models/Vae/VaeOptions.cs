namespace Latent.Models.Vae;

/// <summary>The objective and optimizer settings of a VAE.</summary>
/// <param name="Decoder">The observation model p(x | z).</param>
/// <param name="DecoderStd">σ of the Gaussian decoder (ignored for Bernoulli).</param>
/// <param name="Beta">Weight β of the KL term (β = 1: the ELBO; β &gt; 1: β-VAE; β = 0: reconstruction only).</param>
/// <param name="ReconstructionWeight">Weight of the reconstruction term (0 with β = 1 gives the lecture's "KL only" picture).</param>
/// <param name="LearningRate">Adam's learning rate.</param>
public sealed record VaeOptions(
    DecoderDistribution Decoder = DecoderDistribution.Bernoulli,
    float DecoderStd = 0.1f,
    float Beta = 1f,
    float ReconstructionWeight = 1f,
    double LearningRate = 1e-3);
