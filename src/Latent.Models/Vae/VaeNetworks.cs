using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Vae;

/// <summary>Encoder/decoder pairs for VAEs.</summary>
public static class VaeNetworks
{
    /// <summary>
    /// The W1 workload, exactly the pytorch/examples VAE: 784 → 400 ReLU → (μ, log σ²) of 20 each; 20 → 400 ReLU →
    /// 784 logits, reshaped to [1, 28, 28]. Layers initialized like PyTorch's nn.Linear.
    /// </summary>
    public static (GaussianEncoder Encoder, Sequential Decoder) W1(Generator gen) => Mlp([1, 28, 28], [400], 20, gen);

    /// <summary>
    /// The convolutional VAE: encoder body <see cref="ImageNetworks.ConvBody"/> → Linear(→ 256) → ReLU, then the
    /// μ and log σ² heads; decoder <see cref="ImageNetworks.ConvDecoder"/> producing logits [B, C, H, W].
    /// </summary>
    public static (GaussianEncoder Encoder, Sequential Decoder) Conv(int[] inputShape, int latentDim, Generator gen)
    {
        var (body, features) = ImageNetworks.ConvBody(inputShape, gen);
        body.Add(new Linear(features, 256, gen)).Add(new Relu());
        return (new GaussianEncoder(body, 256, latentDim, gen), ImageNetworks.ConvDecoder(inputShape, latentDim, gen));
    }

    /// <summary>
    /// An MLP pair: encoder body Flatten → [Linear → ReLU] per hidden size, then the μ and log σ² heads; decoder
    /// [Linear → ReLU] per hidden size (reversed) → Linear → reshape to <paramref name="inputShape"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public static (GaussianEncoder Encoder, Sequential Decoder) Mlp(int[] inputShape, int[] hidden, int latentDim, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        int inputSize = ImageNetworks.InputSize(inputShape);
        if (latentDim <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"Mlp VAE: sizes must be positive (latent {latentDim}, hidden [{string.Join(", ", hidden)}]).");
        var (body, width) = ImageNetworks.MlpBody(inputSize, hidden, gen);
        var encoder = new GaussianEncoder(body, width, latentDim, gen);
        return (encoder, ImageNetworks.MlpDecoder(inputShape, hidden, latentDim, gen));
    }
}
