using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>Which kernel taps of a <see cref="MaskedConv2d"/> are kept (van den Oord et al., 2016).</summary>
public enum MaskType
{
    /// <summary>Rows above the centre and taps left of the centre: the first layer, which must not see the pixel it predicts.</summary>
    A,

    /// <summary>Type A plus the centre tap: later layers, whose centre feature already depends only on earlier pixels.</summary>
    B,
}

/// <summary>
/// A 2-D convolution (odd kernel, stride 1, "same" padding) whose kernel is restricted by a fixed causal mask, so that
/// the output at a pixel depends only on pixels before it in raster order (type A) or on those and the pixel itself
/// (type B). It computes only the kept taps (<see cref="Tensor.Conv2dOverTaps(Tensor, int[], Tensor?, int, int, int, int)"/>):
/// the same values as the full convolution with the masked kernel at about half its cost. Masked taps get exactly zero
/// gradient and stay at their initial values without ever acting. Single-channel images need no channel masking.
/// </summary>
/// <example>
/// <code>
/// var first = new MaskedConv2d(MaskType.A, 1, 64, 7, new Generator(1));
/// Tensor h = first.Forward(images); // [N, 64, H, W]; h at (r, c) sees only pixels before (r, c)
/// </code>
/// </example>
public sealed class MaskedConv2d : Module
{
    private readonly Tensor _mask;
    private readonly int[] _taps;

    /// <summary>Creates the layer with PyTorch's default convolution initialization.</summary>
    /// <param name="type">A (excludes the centre) or B (includes it).</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Odd kernel size; the padding is kernel / 2.</param>
    /// <param name="gen">Initialization randomness.</param>
    /// <param name="bias">Whether to add a bias.</param>
    /// <exception cref="ArgumentException">The kernel size is not odd and positive, or a channel count is not positive.</exception>
    public MaskedConv2d(MaskType type, int inChannels, int outChannels, int kernel, Generator gen, bool bias = true)
    {
        if (kernel <= 0 || kernel % 2 == 0)
            throw new ArgumentException($"MaskedConv2d: the kernel size must be odd and positive, got {kernel}.", nameof(kernel));
        Type = type;
        Conv = RegisterModule("conv", new Conv2d(inChannels, outChannels, kernel, gen, padding: kernel / 2, bias: bias));
        _mask = Mask(type, kernel);
        _taps = KeptTaps(_mask);
    }

    /// <summary>The mask type.</summary>
    public MaskType Type { get; }

    /// <summary>The underlying convolution; its <c>weight</c> holds every tap, masked or not.</summary>
    public Conv2d Conv { get; }

    /// <summary>The kernel size.</summary>
    public int Kernel => Conv.Kernel;

    /// <summary>The kernel as applied: the weight times the mask, [out, in, k, k].</summary>
    public Tensor MaskedWeight => Conv.Weight * _mask;

    /// <summary>The mask [1, 1, k, k] of <paramref name="type"/>: 1 on rows above the centre, on the centre row left of the centre, and (type B) at the centre.</summary>
    /// <exception cref="ArgumentException">The kernel size is not odd and positive.</exception>
    public static Tensor Mask(MaskType type, int kernel)
    {
        if (kernel <= 0 || kernel % 2 == 0)
            throw new ArgumentException($"MaskedConv2d: the kernel size must be odd and positive, got {kernel}.", nameof(kernel));
        int c = kernel / 2;
        var mask = Tensor.Zeros(1, 1, kernel, kernel);
        var data = mask.Data;
        for (int r = 0; r < kernel; r++)
            for (int col = 0; col < kernel; col++)
                if (r < c || (r == c && (col < c || (col == c && type == MaskType.B))))
                    data[r * kernel + col] = 1f;
        return mask;
    }

    /// <summary>The flat indices i·k + j of the taps the mask keeps, in increasing order.</summary>
    public IReadOnlyList<int> Taps => _taps;

    private static int[] KeptTaps(Tensor mask)
    {
        var kept = new List<int>();
        var data = mask.Data;
        for (int t = 0; t < data.Length; t++)
            if (data[t] != 0f) kept.Add(t);
        return [.. kept];
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, in, H, W].</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != Conv.InChannels)
            throw new ArgumentException($"MaskedConv2d: expected input [N, {Conv.InChannels}, H, W], got {ShapeText.Format(x.Shape)}.", nameof(x));
        return x.Conv2dOverTaps(Conv.Weight, _taps, Conv.Bias, 1, Kernel / 2);
    }

    /// <summary>
    /// The convolution without padding and with only the kernel rows down to the centre (the rows below are masked
    /// out anyway): input [N, in, h, w] gives [N, out, h − k/2, w − 2·(k/2)], whose (i, j) is the masked convolution
    /// centred at input (i + k/2, j + k/2). Used to compute a single pixel's output from the region it can see.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, in, h, w] or is smaller than the kernel's upper half.</exception>
    public Tensor ForwardUpperValid(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != Conv.InChannels)
            throw new ArgumentException($"MaskedConv2d: expected input [N, {Conv.InChannels}, h, w], got {ShapeText.Format(x.Shape)}.", nameof(x));
        // Every kept tap lies in the upper c + 1 rows, where its flat index i·k + j is the same.
        return x.Conv2dOverTaps(Conv.Weight.Narrow(2, 0, Kernel / 2 + 1), _taps, Conv.Bias, 1, 0);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"type {Type}, {Conv.InChannels}→{Conv.OutChannels}, k={Kernel}";
}
