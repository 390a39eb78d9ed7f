using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.Models.Vae;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>The networks of the hybrid models.</summary>
public static class HybridNetworks
{
    /// <summary>
    /// The adversarial autoencoder's networks: an MLP encoder (Flatten → [Linear → ReLU] per hidden size → Linear to the
    /// code), its mirror-image decoder to logits, and an MLP discriminator on codes (LeakyReLU 0.2), one-hot
    /// conditioned on <paramref name="conditionSlots"/> classes when that is positive.
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder, MlpDiscriminator Discriminator) Aae(int[] imageShape, int[] hidden, int latentDim,
        int[] discriminatorHidden, int conditionSlots, Generator gen)
    {
        var (body, width) = ImageNetworks.MlpBody(ImageNetworks.InputSize(imageShape), hidden, gen);
        var encoder = body.Add(new Linear(width, latentDim, gen));
        var decoder = ImageNetworks.MlpDecoder(imageShape, hidden, latentDim, gen);
        var labels = conditionSlots > 0 ? new LabelEncoder(conditionSlots, LabelEncoding.OneHot, 0, gen) : null;
        return (encoder, decoder, new MlpDiscriminator(latentDim, discriminatorHidden, gen, labels: labels));
    }

    /// <summary>
    /// The VAE-GAN's networks for 28×28 images: a Gaussian encoder on the convolutional body of
    /// <see cref="ImageNetworks.ConvBody"/> → Linear(256) → ReLU → μ and log σ² heads; a DCGAN generator of width
    /// <paramref name="width"/> (batch norm, tanh output) as the decoder; the DCGAN discriminator with
    /// <paramref name="discriminatorNorm"/> after its second convolution (with biases when that is none, so that it can
    /// score the flat mid-grey image, which a bias-free, norm-free one pins at D = ½), whose 128×7×7 features are the
    /// layer the reconstruction is measured in.
    /// </summary>
    public static (GaussianEncoder Encoder, DcganGenerator Decoder, DcganDiscriminator Discriminator) VaeGan(int[] imageShape, int latentDim, int width, Generator gen,
        NormKind discriminatorNorm = NormKind.None)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        if (imageShape.Length != 3 || imageShape[1] != 28 || imageShape[2] != 28)
            throw new ArgumentException($"VaeGan: the DCGAN networks need 28×28 images [C, 28, 28], got {ShapeText.Format(imageShape)}.", nameof(imageShape));
        var (body, features) = ImageNetworks.ConvBody(imageShape, gen);
        body.Add(new Linear(features, 256, gen)).Add(new Relu());
        var encoder = new GaussianEncoder(body, 256, latentDim, gen);
        var decoder = new DcganGenerator(gen, latentDim, imageShape[0], NormKind.Batch, width: width);
        return (encoder, decoder, new DcganDiscriminator(gen, imageShape[0], discriminatorNorm, bias: discriminatorNorm == NormKind.None));
    }
}
