using Latent.Models.Catalog;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The options of a PixelRNN with Row LSTM layers (van den Oord et al., 2016, "Pixel Recurrent Neural Networks"): a
/// type A masked convolution, then Row LSTM layers, each with a masked 1×k input-to-state convolution along the row
/// and a 1×3 state-to-state convolution of the row above, and residual connections.
/// </summary>
public sealed record PixelRnnOptions : PixelModelOptions
{
    /// <summary>Hidden channels h of every layer.</summary>
    [Option("channels", "hidden channels of the masked convolution and every Row LSTM")]
    public int Channels { get; init; } = 32;

    /// <summary>Row LSTM layers.</summary>
    [Option("layers", "Row LSTM layers (each with a residual connection)")]
    public int Layers { get; init; } = 2;

    /// <summary>Odd kernel size of the first (type A) masked convolution.</summary>
    [Option("first-kernel", "odd kernel size of the first (type A) masked convolution")]
    public int FirstKernel { get; init; } = 7;

    /// <summary>Odd width k of the masked 1×k input-to-state convolution (it covers the k/2 + 1 columns up to the pixel).</summary>
    [Option("kernel", "odd width of the masked 1xk input-to-state convolution")]
    public int Kernel { get; init; } = 3;

    /// <summary>Width of the hidden 1×1 layer of the output head.</summary>
    [Option("head-hidden", "feature maps of the hidden 1x1 layer of the output head")]
    public int HeadHidden { get; init; } = 128;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Channels > 0, $"Option --channels must be positive, got {Channels}.");
        Require(Layers >= 1, $"Option --layers must be at least 1, got {Layers}.");
        Require(FirstKernel > 0 && FirstKernel % 2 == 1, $"Option --first-kernel must be odd and positive, got {FirstKernel}.");
        Require(Kernel > 1 && Kernel % 2 == 1, $"Option --kernel must be odd and at least 3, got {Kernel}.");
        Require(HeadHidden > 0, $"Option --head-hidden must be positive, got {HeadHidden}.");
    }
}
