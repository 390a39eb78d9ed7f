using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Pads the last two axes of [N, C, H, W] (or [C, H, W]) by a border mode; the shared part of
/// <see cref="ReflectionPad2d"/>, <see cref="ReplicationPad2d"/> and <see cref="ZeroPad2d"/>.
/// </summary>
public abstract class BorderPad2d : Module
{
    /// <summary>Creates the layer with (left, right, top, bottom) pads, PyTorch's order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A pad is negative.</exception>
    protected BorderPad2d(PaddingMode mode, int left, int right, int top, int bottom)
    {
        foreach (var (name, value) in new[] { (nameof(left), left), (nameof(right), right), (nameof(top), top), (nameof(bottom), bottom) })
            if (value < 0) throw new ArgumentOutOfRangeException(name, $"{GetType().Name}: {name} pad must be non-negative, got {value}.");
        Mode = mode;
        (Left, Right, Top, Bottom) = (left, right, top, bottom);
    }

    /// <summary>How the border is filled.</summary>
    public PaddingMode Mode { get; }

    /// <summary>Columns added on the left.</summary>
    public int Left { get; }

    /// <summary>Columns added on the right.</summary>
    public int Right { get; }

    /// <summary>Rows added on top.</summary>
    public int Top { get; }

    /// <summary>Rows added at the bottom.</summary>
    public int Bottom { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not 3-D or 4-D, or a reflection pad is not smaller than its axis.</exception>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank is not (3 or 4))
            throw new ArgumentException($"{GetType().Name}: expected [N, C, H, W] or [C, H, W], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        var pads = new (int, int)[x.Rank];
        pads[^2] = (Top, Bottom);
        pads[^1] = (Left, Right);
        return x.Pad(pads, Mode);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"left={Left}, right={Right}, top={Top}, bottom={Bottom}";
}

/// <summary>
/// Reflection padding of the spatial axes (PyTorch's ReflectionPad2d): the border mirrors the image without repeating
/// its edge, which avoids the dark frame zero padding gives the generators of CycleGAN and style transfer.
/// </summary>
public sealed class ReflectionPad2d : BorderPad2d
{
    /// <summary>The same pad on all four sides.</summary>
    public ReflectionPad2d(int padding) : base(PaddingMode.Reflect, padding, padding, padding, padding) { }

    /// <summary>Separate (left, right, top, bottom) pads.</summary>
    public ReflectionPad2d(int left, int right, int top, int bottom) : base(PaddingMode.Reflect, left, right, top, bottom) { }
}

/// <summary>Replication padding of the spatial axes (PyTorch's ReplicationPad2d): the border repeats the edge pixels.</summary>
public sealed class ReplicationPad2d : BorderPad2d
{
    /// <summary>The same pad on all four sides.</summary>
    public ReplicationPad2d(int padding) : base(PaddingMode.Replicate, padding, padding, padding, padding) { }

    /// <summary>Separate (left, right, top, bottom) pads.</summary>
    public ReplicationPad2d(int left, int right, int top, int bottom) : base(PaddingMode.Replicate, left, right, top, bottom) { }
}

/// <summary>Zero padding of the spatial axes (PyTorch's ZeroPad2d).</summary>
public sealed class ZeroPad2d : BorderPad2d
{
    /// <summary>The same pad on all four sides.</summary>
    public ZeroPad2d(int padding) : base(PaddingMode.Constant, padding, padding, padding, padding) { }

    /// <summary>Separate (left, right, top, bottom) pads.</summary>
    public ZeroPad2d(int left, int right, int top, int bottom) : base(PaddingMode.Constant, left, right, top, bottom) { }
}
