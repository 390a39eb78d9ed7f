using Latent.Tensors;

namespace Latent.NN;

/// <summary>Max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
public sealed class MaxPool2d(int kernel, int? stride = null, int padding = 0, int dilation = 1) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.MaxPool2d(kernel, stride, padding, dilation);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"k={kernel}, s={stride ?? kernel}, p={padding}, d={dilation}";
}

/// <summary>Average pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(int kernel, int? stride = null, int padding = 0, bool countIncludePad = true) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.AvgPool2d(kernel, stride, padding, countIncludePad);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"k={kernel}, s={stride ?? kernel}, p={padding}";
}

/// <summary>Average pooling to a fixed output size.</summary>
public sealed class AdaptiveAvgPool2d(int outHeight, int outWidth) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.AdaptiveAvgPool2d(outHeight, outWidth);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"out=({outHeight}, {outWidth})";
}

/// <summary>Mean over the spatial axes, keeping them as size 1: [N, C, H, W] → [N, C, 1, 1].</summary>
public sealed class GlobalAvgPool2d : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.GlobalAvgPool2d();
}

/// <summary>How <see cref="Upsample"/> fills new pixels.</summary>
public enum UpsampleMode
{
    /// <summary>Copy the nearest input pixel.</summary>
    Nearest,

    /// <summary>Bilinear interpolation (align_corners = false).</summary>
    Bilinear,
}

/// <summary>Upsampling of [N, C, H, W] by an integer factor.</summary>
public sealed class Upsample(int scale, UpsampleMode mode = UpsampleMode.Nearest) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => mode == UpsampleMode.Nearest ? x.UpsampleNearest(scale) : x.UpsampleBilinear(scale);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"scale={scale}, mode={mode}";
}
