using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// PixelRNN with Row LSTM layers (van den Oord et al., 2016; the diagonal BiLSTM variant is not built): exact
/// likelihood, pixel-by-pixel sampling and completion from <see cref="PixelModel"/>, with the softmax or the
/// logistic-mixture output.
/// </summary>
/// <example>
/// <code>
/// var options = new PixelRnnOptions();
/// var model = new PixelRnn(new PixelRnnNetwork(options, new Generator(1)), options, [1, 28, 28], new Generator(2));
/// </code>
/// </example>
public sealed class PixelRnn : PixelModel
{
    /// <summary>Creates the model; one Adam optimizes the network.</summary>
    public PixelRnn(PixelRnnNetwork network, PixelRnnOptions options, int[] imageShape, Generator rng)
        : base(network, options, imageShape, rng)
    {
        Network = network;
        Options = options;
    }

    /// <summary>The Row LSTM network.</summary>
    public PixelRnnNetwork Network { get; }

    /// <summary>The options it was built with.</summary>
    public PixelRnnOptions Options { get; }
}
