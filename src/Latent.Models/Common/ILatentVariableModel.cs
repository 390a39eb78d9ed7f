using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// A model with an encoder to a latent code and a decoder back to data: what the latent-space tools (embeddings,
/// latent Gaussians, interpolation, outlier scores, denoising) need. Autoencoders and VAEs implement it.
/// </summary>
public interface ILatentVariableModel
{
    /// <summary>The size of a latent code.</summary>
    int LatentDim { get; }

    /// <summary>The code of each input [B, ...] as [B, LatentDim] (a VAE returns the posterior mean).</summary>
    Tensor Encode(Tensor x);

    /// <summary>The data-space output for codes [B, LatentDim], shaped like the inputs, in the data's range ([0, 1] for images).</summary>
    Tensor Decode(Tensor z);

    /// <summary>Decode(Encode(x)): the model's reconstruction of <paramref name="x"/>.</summary>
    Tensor Reconstruct(Tensor x);
}
