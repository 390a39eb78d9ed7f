using Latent.Models.Catalog;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The options of a PixelCNN: the masked-convolution stack and the pixel levels and output distribution of PixelModelOptions. The defaults
/// are workload W4 (masked conv A 1→64 k7, 5 × masked conv B 64→64 k3, ReLU, 1×1 conv 64→256; Adam 1e-3; batches of 32).
/// </summary>
public sealed record PixelCnnOptions : PixelModelOptions
{
    /// <summary>Feature maps of every masked layer.</summary>
    [Option("channels", "feature maps of every masked convolution")]
    public int Channels { get; init; } = 64;

    /// <summary>Kernel size of the first (type A) masked convolution.</summary>
    [Option("first-kernel", "odd kernel size of the first (type A) masked convolution")]
    public int FirstKernel { get; init; } = 7;

    /// <summary>Number of type B masked convolutions after the first layer.</summary>
    [Option("layers", "number of type B masked convolutions after the first")]
    public int Layers { get; init; } = 5;

    /// <summary>Kernel size of the type B masked convolutions.</summary>
    [Option("kernel", "odd kernel size of the type B masked convolutions")]
    public int Kernel { get; init; } = 3;

    /// <summary>Add each type B layer's input to its output (h + ReLU(conv(h))), which lets deeper stacks train.</summary>
    [Option("residual", "residual connections around the type B layers")]
    public bool Residual { get; init; }

    /// <summary>Width of a hidden 1×1 convolution (with ReLU) before the output layer; 0 for none (W4).</summary>
    [Option("head-hidden", "feature maps of a hidden 1x1 convolution before the output (0: none)")]
    public int HeadHidden { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Channels > 0, $"Option --channels must be positive, got {Channels}.");
        Require(Layers >= 0, $"Option --layers must not be negative, got {Layers}.");
        Require(FirstKernel > 0 && FirstKernel % 2 == 1, $"Option --first-kernel must be odd and positive, got {FirstKernel}.");
        Require(Kernel > 0 && Kernel % 2 == 1, $"Option --kernel must be odd and positive, got {Kernel}.");
        Require(HeadHidden >= 0, $"Option --head-hidden must not be negative, got {HeadHidden}.");
    }
}
