using Latent.Models.Catalog;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The options of a gated PixelCNN (van den Oord et al., 2016, "Conditional Image Generation with PixelCNN Decoders"):
/// the width and depth of the vertical and horizontal stacks, the kernel sizes, the output head and class conditioning.
/// </summary>
public sealed record GatedPixelCnnOptions : PixelModelOptions
{
    /// <summary>Feature maps p of both stacks (each gated unit computes 2p pre-activations).</summary>
    [Option("channels", "feature maps of the vertical and horizontal stacks")]
    public int Channels { get; init; } = 32;

    /// <summary>Gated layers after the first.</summary>
    [Option("layers", "gated layers after the first (each with a residual connection in the horizontal stack)")]
    public int Layers { get; init; } = 7;

    /// <summary>Odd kernel size of the first layer.</summary>
    [Option("first-kernel", "odd kernel size of the first gated layer")]
    public int FirstKernel { get; init; } = 7;

    /// <summary>Odd kernel size of the later layers.</summary>
    [Option("kernel", "odd kernel size of the later gated layers")]
    public int Kernel { get; init; } = 3;

    /// <summary>Width of the hidden 1×1 convolution of the output head.</summary>
    [Option("head-hidden", "feature maps of the hidden 1x1 convolution of the output head")]
    public int HeadHidden { get; init; } = 128;

    /// <summary>Condition every gated unit on the class label (a learned bias per class and layer).</summary>
    [Option("conditional", "condition every gated unit on the class label")]
    public bool Conditional { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Channels > 0, $"Option --channels must be positive, got {Channels}.");
        Require(Layers >= 0, $"Option --layers must not be negative, got {Layers}.");
        Require(FirstKernel > 1 && FirstKernel % 2 == 1, $"Option --first-kernel must be odd and at least 3, got {FirstKernel}.");
        Require(Kernel > 1 && Kernel % 2 == 1, $"Option --kernel must be odd and at least 3, got {Kernel}.");
        Require(HeadHidden > 0, $"Option --head-hidden must be positive, got {HeadHidden}.");
    }
}
