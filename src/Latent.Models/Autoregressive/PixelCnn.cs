using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// PixelCNN (van den Oord et al., 2016): p(x) = Πᵢ p(xᵢ | x₍&lt;ᵢ₎) over the pixels in raster order, each conditional
/// a softmax over the pixel levels (256 for 8-bit images) or a discretized logistic mixture, given by a stack of
/// masked convolutions. Training minimizes the exact negative log-likelihood; sampling draws one pixel at a time over
/// each pixel's receptive field only.
/// </summary>
/// <example>
/// <code>
/// var options = new PixelCnnOptions();
/// var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(1)), options, [1, 28, 28], new Generator(2));
/// foreach (var batch in loader) model.TrainStep(batch);
/// Tensor samples = model.Sample(16, new Generator(3));        // [16, 1, 28, 28] in [0, 1]
/// Tensor logP = model.LogLikelihood(images, new Generator(0)); // nats per image, exact
/// </code>
/// </example>
public sealed class PixelCnn : PixelModel
{
    /// <summary>Creates the model; one Adam optimizes the network.</summary>
    /// <param name="network">The masked-convolution network.</param>
    /// <param name="options">Learning rate, levels and output (must match the network's).</param>
    /// <param name="imageShape">The shape of one image, [1, H, W].</param>
    /// <param name="rng">The model's random stream.</param>
    /// <exception cref="ArgumentException">The image is not single-channel, or the network's outputs do not fit the options.</exception>
    public PixelCnn(PixelCnnNetwork network, PixelCnnOptions options, int[] imageShape, Generator rng)
        : base(network, options, imageShape, rng)
    {
        Network = network;
        Options = options;
    }

    /// <summary>The masked-convolution network.</summary>
    public PixelCnnNetwork Network { get; }

    /// <summary>The options it was built with.</summary>
    public PixelCnnOptions Options { get; }
}
