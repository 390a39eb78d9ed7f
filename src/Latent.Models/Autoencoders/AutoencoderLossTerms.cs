using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>The terms of an autoencoder's training objective on one batch, each a scalar per example.</summary>
/// <param name="Total">Reconstruction plus sparsity: what is minimized.</param>
/// <param name="Reconstruction">The mean over the batch of the per-example reconstruction loss.</param>
/// <param name="Sparsity">The sparsity penalty (zero without one).</param>
/// <param name="Code">The bottleneck activations h [B, d].</param>
public sealed record AutoencoderLossTerms(Tensor Total, Tensor Reconstruction, Tensor Sparsity, Tensor Code);
