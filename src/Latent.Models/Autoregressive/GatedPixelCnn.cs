using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The gated PixelCNN (van den Oord et al., 2016, "Conditional Image Generation with PixelCNN Decoders"): vertical and
/// horizontal stacks without PixelCNN's blind spot, gated tanh·σ units, residual connections in the horizontal stack,
/// and optional class conditioning, which makes it an <see cref="Latent.Models.Common.IConditionalSampler"/>.
/// Exact likelihood, pixel-by-pixel sampling and completion come from <see cref="PixelModel"/>.
/// </summary>
/// <example>
/// <code>
/// var options = new GatedPixelCnnOptions { Conditional = true };
/// var model = new GatedPixelCnn(new GatedPixelCnnNetwork(options, new Generator(1)), options, [1, 28, 28], new Generator(2));
/// Tensor shoes = model.Sample([7, 7, 7, 7], new Generator(3)); // four samples of class 7
/// </code>
/// </example>
public sealed class GatedPixelCnn : PixelModel
{
    /// <summary>Creates the model; one Adam optimizes the network.</summary>
    /// <exception cref="ArgumentException">The image is not single-channel, or the network's outputs do not fit the options.</exception>
    public GatedPixelCnn(GatedPixelCnnNetwork network, GatedPixelCnnOptions options, int[] imageShape, Generator rng)
        : base(network, options, imageShape, rng)
    {
        Network = network;
        Options = options;
    }

    /// <summary>The two-stack network.</summary>
    public GatedPixelCnnNetwork Network { get; }

    /// <summary>The options it was built with.</summary>
    public GatedPixelCnnOptions Options { get; }
}
