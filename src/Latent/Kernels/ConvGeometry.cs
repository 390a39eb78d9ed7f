namespace Latent.Kernels;

/// <summary>
/// The sizes of a 2-D convolution between an image batch [N, C, H, W] and a kernel [O, C/groups, Kh, Kw] producing
/// [N, O, Ho, Wo]. Transposed convolutions use the same geometry with the roles of image and output swapped.
/// With <see cref="Taps"/> the kernel keeps only the listed taps (flat indices i·Kw + j): its weight is then
/// [O, C/groups, taps] and every other tap is zero, as in the masked convolutions of PixelCNN.
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int C, int H, int W, int O, int Kh, int Kw,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int Groups, int Ho, int Wo,
    int[]? Taps = null)
{
    /// <summary>Kernel taps the convolution computes: the listed ones, or all Kh·Kw.</summary>
    public int TapCount => Taps?.Length ?? Kh * Kw;

    /// <summary>The flat kernel index i·Kw + j of computed tap <paramref name="t"/>.</summary>
    public int Tap(int t) => Taps is null ? t : Taps[t];

    /// <summary>Rows of the column matrix: C·taps.</summary>
    public int ColRows => C * TapCount;

    /// <summary>Rows of the column matrix per group (the inner dimension of each group's product).</summary>
    public int RowsPerGroup => ColRows / Groups;

    /// <summary>Output channels per group.</summary>
    public int OutPerGroup => O / Groups;

    /// <summary>Output positions per image: Ho·Wo.</summary>
    public int OutPlane => Ho * Wo;

    /// <summary>Multiply-adds of the whole convolution.</summary>
    public long Macs => (long)N * OutPlane * O * RowsPerGroup;

    /// <summary>Output size of a convolution along one axis, or −1 if the window does not fit.</summary>
    public static int OutputSize(int input, int kernel, int stride, int pad, int dilation)
    {
        int span = dilation * (kernel - 1) + 1;
        int padded = input + 2 * pad;
        return padded < span ? -1 : (padded - span) / stride + 1;
    }
}
