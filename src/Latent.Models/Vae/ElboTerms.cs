using Latent.Tensors;

namespace Latent.Models.Vae;

/// <summary>The pieces of a VAE's objective on one batch.</summary>
/// <param name="Loss">The minimized scalar: mean over the batch of w·(−log p(x | z)) + β·KL.</param>
/// <param name="Reconstruction">−log p(x | z) per example [B] for one reparameterized z.</param>
/// <param name="Kl">KL(q(z | x) ‖ N(0, I)) per example [B], in closed form.</param>
/// <param name="Mean">μ(x) [B, d].</param>
/// <param name="LogVar">log σ²(x) [B, d].</param>
/// <param name="Z">The sampled codes z = μ + σ·ε [B, d].</param>
public sealed record ElboTerms(Tensor Loss, Tensor Reconstruction, Tensor Kl, Tensor Mean, Tensor LogVar, Tensor Z)
{
    /// <summary>The negative ELBO per example, averaged over the batch (β = 1, weight 1, whatever the training weights).</summary>
    public double NegativeElbo => (Reconstruction + Kl).Mean().Item();
}
