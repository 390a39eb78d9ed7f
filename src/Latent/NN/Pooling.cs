using Latent.Tensors;

namespace Latent.NN;

/// <summary>Max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
public sealed class MaxPool2d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.MaxPool2d(kernel, stride, padding, dilation, ceilMode);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"k={kernel}, s={stride ?? kernel}, p={padding}, d={dilation}, ceil={ceilMode}";
}

/// <summary>Max pooling over [N, C, L]; stride defaults to the kernel size.</summary>
public sealed class MaxPool1d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.MaxPool1d(kernel, stride, padding, dilation, ceilMode);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"k={kernel}, s={stride ?? kernel}, p={padding}, d={dilation}, ceil={ceilMode}";
}

/// <summary>Average pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(int kernel, int? stride = null, int padding = 0, bool countIncludePad = true, bool ceilMode = false) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.AvgPool2d(kernel, stride, padding, countIncludePad, ceilMode);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"k={kernel}, s={stride ?? kernel}, p={padding}, ceil={ceilMode}";
}

/// <summary>Average pooling over [N, C, L]; stride defaults to the kernel size.</summary>
public sealed class AvgPool1d(int kernel, int? stride = null, int padding = 0, bool countIncludePad = true, bool ceilMode = false) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.AvgPool1d(kernel, stride, padding, countIncludePad, ceilMode);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"k={kernel}, s={stride ?? kernel}, p={padding}, ceil={ceilMode}";
}

/// <summary>Max pooling to a fixed output size over adaptive windows.</summary>
public sealed class AdaptiveMaxPool2d(int outHeight, int outWidth) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.AdaptiveMaxPool2d(outHeight, outWidth);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"out=({outHeight}, {outWidth})";
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
