namespace Latent.Models.Style;

/// <summary>
/// The settings of style transfer and texture synthesis (Gatys et al.): which layers carry content and style, the
/// weights α (content), β (style) and the total-variation weight, the image size and the optimiser. The defaults
/// suit the imported ResNet-18 at 192 pixels: a few minutes per image on two cores.
/// </summary>
public sealed record StyleTransferOptions
{
    /// <summary>Layers whose activations the result must share with the content image.</summary>
    public string[] ContentLayers { get; init; } = ["layer2.1"];

    /// <summary>Layers whose Gram matrices the result must share with the style image (equal weights 1/L).</summary>
    public string[] StyleLayers { get; init; } = ["relu", "layer1.1", "layer2.1", "layer3.1"];

    /// <summary>α, the weight of the content loss.</summary>
    public double ContentWeight { get; init; } = 1;

    /// <summary>β, the weight of the style loss (α/β = 1e-5 by default: this ResNet-18's Gram matrices are small next to its content activations).</summary>
    public double StyleWeight { get; init; } = 1e5;

    /// <summary>The weight of the total-variation term (0: none).</summary>
    public double TvWeight { get; init; } = 1e4;

    /// <summary>The longer side of the synthesised image in pixels (the content image is resized to it).</summary>
    public int Size { get; init; } = 192;

    /// <summary>The longer side the style image is resized to (null: <see cref="Size"/>).</summary>
    public int? StyleSize { get; init; }

    /// <summary>The optimiser on the pixels.</summary>
    public ImageOptimizerKind Optimizer { get; init; } = ImageOptimizerKind.Lbfgs;

    /// <summary>The budget: network evaluations (forward and backward passes) in all.</summary>
    public int Evaluations { get; init; } = 150;

    /// <summary>Adam's learning rate on pixels in [0, 1] (L-BFGS uses its line search instead).</summary>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>Start from the content image (true) or from noise (false; texture synthesis always starts from noise).</summary>
    public bool StartFromContent { get; init; } = true;

    /// <summary>Seed of the starting noise.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (StyleLayers.Length == 0) throw new ArgumentException("Option --style-layers must name at least one layer.");
        if (ContentWeight < 0 || StyleWeight < 0 || TvWeight < 0 || !double.IsFinite(ContentWeight + StyleWeight + TvWeight))
            throw new ArgumentException($"Options --alpha, --beta and --tv must be finite and non-negative, got {ContentWeight}, {StyleWeight} and {TvWeight}.");
        if (Size < 16 || Size > 1024) throw new ArgumentException($"Option --size must be between 16 and 1024 pixels, got {Size}.");
        if (StyleSize is int s && (s < 16 || s > 1024)) throw new ArgumentException($"Option --style-size must be between 16 and 1024 pixels, got {s}.");
        if (Evaluations < 1) throw new ArgumentException($"Option --evaluations must be positive, got {Evaluations}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"Option --lr must be positive, got {LearningRate}.");
    }
}
