using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>Encoder/decoder pairs for autoencoders: MLPs over flattened inputs, and a linear pair (the PCA case).</summary>
public static class AutoencoderNetworks
{
    /// <summary>
    /// An MLP pair: encoder Flatten → [Linear → ReLU] per hidden size → Linear → code activation; decoder the mirror
    /// image, Linear → ReLU per hidden size (reversed) → Linear → (optional sigmoid) → reshape to <paramref name="inputShape"/>.
    /// </summary>
    /// <param name="inputShape">One example's shape, e.g. [1, 28, 28].</param>
    /// <param name="hidden">Hidden layer sizes from input to code (may be empty).</param>
    /// <param name="latentDim">The code size (larger than the input for an overcomplete model).</param>
    /// <param name="code">The code nonlinearity.</param>
    /// <param name="gen">The initialization generator.</param>
    /// <param name="sigmoidOutput">End the decoder with a sigmoid (squared error on data in [0, 1]); leave false for logits.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public static (Sequential Encoder, Sequential Decoder) Mlp(int[] inputShape, int[] hidden, int latentDim, CodeActivation code,
        Generator gen, bool sigmoidOutput = false)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(hidden);
        int inputSize = ImageNetworks.InputSize(inputShape);
        if (latentDim <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"Mlp autoencoder: sizes must be positive (latent {latentDim}, hidden [{string.Join(", ", hidden)}]).");
        var (encoder, width) = ImageNetworks.MlpBody(inputSize, hidden, gen);
        encoder.Add(new Linear(width, latentDim, gen)).Add(CodeActivations.Create(code));
        return (encoder, ImageNetworks.MlpDecoder(inputShape, hidden, latentDim, gen, sigmoidOutput));
    }


    /// <summary>
    /// A convolutional pair for images [C, H, W] with H and W divisible by 4: encoder
    /// <see cref="ImageNetworks.ConvBody"/> → Linear → code activation; decoder <see cref="ImageNetworks.ConvDecoder"/>.
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder) Conv(int[] inputShape, int latentDim, CodeActivation code, Generator gen,
        bool sigmoidOutput = false)
    {
        var (body, features) = ImageNetworks.ConvBody(inputShape, gen);
        body.Add(new Linear(features, latentDim, gen)).Add(CodeActivations.Create(code));
        return (body, ImageNetworks.ConvDecoder(inputShape, latentDim, gen, sigmoidOutput));
    }



    /// <summary>
    /// The linear autoencoder x ↦ W₂(W₁x + b₁) + b₂ with k hidden units: trained with squared error its decoder
    /// columns span the top-k principal subspace of the data (Baldi and Hornik, 1989).
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder) Linear(int[] inputShape, int latentDim, Generator gen)
        => Mlp(inputShape, [], latentDim, CodeActivation.Identity, gen);
}
