using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// A rectangular convolution padded so that it looks only up or only left: the building block of the gated PixelCNN's
/// two stacks. <see cref="Vertical"/> has a (k/2 + 1) × k kernel over the rows at and above each output row;
/// <see cref="Horizontal"/> has a 1 × (k/2 + 1) kernel over the columns at and left of each output column. Output
/// size equals input size.
/// </summary>
public sealed class StackConv2d : Module
{
    private readonly (int Top, int Left, int Right) _pad;

    private StackConv2d(int inChannels, int outChannels, int rows, int columns, (int Top, int Left, int Right) pad, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        var weight = Tensor.Zeros(outChannels, inChannels, rows, columns);
        Init.KaimingUniform(weight, gen, a: MathF.Sqrt(5));
        RegisterParameter("weight", weight);
        RegisterParameter("bias", Parameter.Uniform([outChannels], 1f / MathF.Sqrt(inChannels * rows * columns), gen));
        _pad = pad;
        InChannels = inChannels;
    }

    /// <summary>The vertical-stack convolution of odd size <paramref name="kernel"/>: rows r − k/2 … r, columns c − k/2 … c + k/2.</summary>
    /// <exception cref="ArgumentException">The kernel is not odd and at least 3.</exception>
    public static StackConv2d Vertical(int inChannels, int outChannels, int kernel, Generator gen)
    {
        CheckKernel(kernel);
        return new StackConv2d(inChannels, outChannels, kernel / 2 + 1, kernel, (kernel / 2, kernel / 2, kernel / 2), gen);
    }

    /// <summary>The horizontal-stack convolution of odd size <paramref name="kernel"/>: row r, columns c − k/2 … c.</summary>
    /// <exception cref="ArgumentException">The kernel is not odd and at least 3.</exception>
    public static StackConv2d Horizontal(int inChannels, int outChannels, int kernel, Generator gen)
    {
        CheckKernel(kernel);
        return new StackConv2d(inChannels, outChannels, 1, kernel / 2 + 1, (0, kernel / 2, 0), gen);
    }

    private static void CheckKernel(int kernel)
    {
        if (kernel < 3 || kernel % 2 == 0) throw new ArgumentException($"StackConv2d: the kernel size must be odd and at least 3, got {kernel}.", nameof(kernel));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>The kernel [out, in, rows, columns].</summary>
    public Tensor Weight => Get("weight");

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, in, H, W].</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"StackConv2d: expected input [N, {InChannels}, H, W], got [{string.Join(", ", x.Shape)}].", nameof(x));
        return x.Pad([(0, 0), (0, 0), (_pad.Top, 0), (_pad.Left, _pad.Right)]).Conv2d(Weight, Get("bias"));
    }

    /// <summary>Moves [N, C, H, W] down one row (axis 2) or right one column (axis 3), zero-filling the first and dropping the last.</summary>
    public static Tensor Shift(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.PadAxis(axis, 1, 0).Narrow(axis, 0, x.Shape[axis]);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{InChannels}→{Weight.Shape[0]}, kernel {Weight.Shape[2]}×{Weight.Shape[3]}";
}
