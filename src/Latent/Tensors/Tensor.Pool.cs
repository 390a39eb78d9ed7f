using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>Max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
    /// <param name="kernel">Window size.</param>
    /// <param name="stride">Step between windows; the kernel size when null.</param>
    /// <param name="padding">Implicit padding on every side (padding never wins the maximum).</param>
    /// <param name="dilation">Spacing between the taps of a window.</param>
    /// <param name="ceilMode">Round the output size up, so a last partial window is pooled too (PyTorch's ceil_mode).</param>
    public Tensor MaxPool2d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => MaxPool2dWithIndices(kernel, stride, padding, dilation, ceilMode).Output;

    /// <summary>Max pooling with separate vertical and horizontal kernel, stride, padding and dilation.</summary>
    /// <exception cref="ArgumentException">The input is not 4-D, the parameters are invalid or the window does not fit.</exception>
    public Tensor MaxPool2d((int H, int W) kernel, (int H, int W)? stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false)
        => MaxPool2dWithIndices(kernel, stride, padding, dilation, ceilMode).Output;

    /// <summary>
    /// Max pooling that also returns, per output, the flat index h·W + w of the chosen input within its plane (an index
    /// tensor of whole numbers). Ties go to the first maximum in row-major window order, as in PyTorch, and the
    /// gradient flows to the chosen positions only.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 4-D, the parameters are invalid or the window does not fit.</exception>
    public (Tensor Output, Tensor Indices) MaxPool2dWithIndices(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => MaxPool2dWithIndices((kernel, kernel), stride is int st ? (st, st) : null, (padding, padding), (dilation, dilation), ceilMode);

    /// <summary>Max pooling with indices and separate vertical and horizontal geometry.</summary>
    /// <exception cref="ArgumentException">The input is not 4-D, the parameters are invalid or the window does not fit.</exception>
    public (Tensor Output, Tensor Indices) MaxPool2dWithIndices((int H, int W) kernel, (int H, int W)? stride, (int H, int W) padding,
        (int H, int W) dilation, bool ceilMode = false)
    {
        CheckImage("MaxPool2d");
        var s = stride ?? kernel;
        int n = Shape[0], c = Shape[1], h = Shape[2], w = Shape[3];
        int ho = PoolOutputSize("MaxPool2d", h, kernel.H, s.H, padding.H, dilation.H, ceilMode);
        int wo = PoolOutputSize("MaxPool2d", w, kernel.W, s.W, padding.W, dilation.W, ceilMode);
        var indices = new Tensor(NewStorage(n * c * ho * wo), [n * c, ho * wo]);
        PoolKernels.MaxPoolIndices(Storage, n * c, h, w, ho, wo, kernel.H, kernel.W, s.H, s.W, padding.H, padding.W, dilation.H, dilation.W, indices.Storage);
        return (GatherPlanes(indices, ho, wo), indices.Reshape(n, c, ho, wo));
    }

    /// <summary>Max pooling over [N, C, L]; stride defaults to the kernel size.</summary>
    /// <exception cref="ArgumentException">The input is not 3-D, the parameters are invalid or the window does not fit.</exception>
    public Tensor MaxPool1d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        CheckSequence("MaxPool1d");
        return Unsqueeze(2).MaxPool2d((1, kernel), (1, stride ?? kernel), (0, padding), (1, dilation), ceilMode).Squeeze(2);
    }

    /// <summary>
    /// Max pooling to a fixed output size over PyTorch's adaptive windows (start ⌊i·H/out⌋, end ⌈(i+1)·H/out⌉), with
    /// the flat indices of the chosen inputs; ties go to the first maximum and the gradient to the chosen positions.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 4-D or an output size is not positive.</exception>
    public (Tensor Output, Tensor Indices) AdaptiveMaxPool2dWithIndices(int outHeight, int outWidth)
    {
        CheckImage("AdaptiveMaxPool2d");
        if (outHeight < 1 || outWidth < 1) throw new ArgumentException($"AdaptiveMaxPool2d: output size ({outHeight}, {outWidth}) must be positive.");
        int n = Shape[0], c = Shape[1], h = Shape[2], w = Shape[3];
        var rows = PoolKernels.AdaptiveWindows(h, outHeight);
        var cols = PoolKernels.AdaptiveWindows(w, outWidth);
        var indices = new Tensor(NewStorage(n * c * outHeight * outWidth), [n * c, outHeight * outWidth]);
        PoolKernels.WindowMaxIndices(Storage, n * c, h, w, rows.Start, rows.End, cols.Start, cols.End, indices.Storage);
        return (GatherPlanes(indices, outHeight, outWidth), indices.Reshape(n, c, outHeight, outWidth));
    }

    /// <summary>Adaptive max pooling to a fixed output size (see <see cref="AdaptiveMaxPool2dWithIndices"/>).</summary>
    public Tensor AdaptiveMaxPool2d(int outHeight, int outWidth) => AdaptiveMaxPool2dWithIndices(outHeight, outWidth).Output;

    /// <summary>Picks the inputs at per-plane flat indices [N·C, ho·wo]: a gather, whose backward (a scatter-add) is differentiable.</summary>
    private Tensor GatherPlanes(Tensor indices, int ho, int wo)
    {
        int n = Shape[0], c = Shape[1];
        return Reshape(n * c, Shape[2] * Shape[3]).Gather(1, indices).Reshape(n, c, ho, wo);
    }

    /// <summary>Average pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
    /// <param name="kernel">Window size.</param>
    /// <param name="stride">Step between windows; the kernel size when null.</param>
    /// <param name="padding">Implicit zero padding on every side.</param>
    /// <param name="countIncludePad">Divide by the full window size even where it overlaps the padding (PyTorch's default).</param>
    /// <param name="ceilMode">Round the output size up; a last window that reaches past the padding divides by the part inside it, as in PyTorch.</param>
    public Tensor AvgPool2d(int kernel, int? stride = null, int padding = 0, bool countIncludePad = true, bool ceilMode = false)
        => AvgPool2d((kernel, kernel), stride is int st ? (st, st) : null, (padding, padding), countIncludePad, ceilMode);

    /// <summary>Average pooling with separate vertical and horizontal kernel, stride and padding.</summary>
    /// <exception cref="ArgumentException">The input is not 4-D, the parameters are invalid or the window does not fit.</exception>
    public Tensor AvgPool2d((int H, int W) kernel, (int H, int W)? stride, (int H, int W) padding, bool countIncludePad = true, bool ceilMode = false)
    {
        CheckImage("AvgPool2d");
        var s = stride ?? kernel;
        int h = Shape[2], w = Shape[3];
        int ho = PoolOutputSize("AvgPool2d", h, kernel.H, s.H, padding.H, 1, ceilMode);
        int wo = PoolOutputSize("AvgPool2d", w, kernel.W, s.W, padding.W, 1, ceilMode);
        var rows = PoolKernels.StridedWindows(h, ho, kernel.H, s.H, padding.H);
        var cols = PoolKernels.StridedWindows(w, wo, kernel.W, s.W, padding.W);
        var divisor = new float[ho * wo];
        for (int i = 0; i < ho; i++)
            for (int j = 0; j < wo; j++)
            {
                // PyTorch's divisor: the window clipped to the padded extent, or to the input without the padding.
                int padRows = Math.Min(i * s.H - padding.H + kernel.H, h + padding.H) - (i * s.H - padding.H);
                int padCols = Math.Min(j * s.W - padding.W + kernel.W, w + padding.W) - (j * s.W - padding.W);
                divisor[i * wo + j] = countIncludePad ? padRows * padCols : (rows.End[i] - rows.Start[i]) * (cols.End[j] - cols.Start[j]);
            }
        return WindowAverage(this, new PoolWindows(h, w, rows.Start, rows.End, cols.Start, cols.End, divisor));
    }

    /// <summary>Average pooling over [N, C, L]; stride defaults to the kernel size.</summary>
    /// <exception cref="ArgumentException">The input is not 3-D, the parameters are invalid or the window does not fit.</exception>
    public Tensor AvgPool1d(int kernel, int? stride = null, int padding = 0, bool countIncludePad = true, bool ceilMode = false)
    {
        CheckSequence("AvgPool1d");
        return Unsqueeze(2).AvgPool2d((1, kernel), (1, stride ?? kernel), (0, padding), countIncludePad, ceilMode).Squeeze(2);
    }

    /// <summary>
    /// PyTorch's pooled size: ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1, or with <paramref name="ceilMode"/> rounded up but never
    /// starting a window inside the right padding.
    /// </summary>
    private int PoolOutputSize(string op, int size, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        if (kernel < 1 || stride < 1 || dilation < 1 || pad < 0 || pad * 2 > kernel)
            throw new ArgumentException($"{op}: kernel {kernel}, stride {stride}, padding {pad}, dilation {dilation} are invalid (padding must be at most half the kernel).");
        int span = size + 2 * pad - dilation * (kernel - 1) - 1;
        if (span < 0) throw new ArgumentException($"{op}: kernel {kernel} does not fit input {ShapeUtil.Format(Shape)}.");
        int output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (output - 1) * stride >= size + pad) output--;
        return output;
    }

    /// <summary>Average pooling to a fixed output size with PyTorch's adaptive windows.</summary>
    public Tensor AdaptiveAvgPool2d(int outHeight, int outWidth)
    {
        CheckImage("AdaptiveAvgPool2d");
        if (outHeight < 1 || outWidth < 1) throw new ArgumentException($"AdaptiveAvgPool2d: output size ({outHeight}, {outWidth}) must be positive.");
        int h = Shape[2], w = Shape[3];
        var rows = PoolKernels.AdaptiveWindows(h, outHeight);
        var cols = PoolKernels.AdaptiveWindows(w, outWidth);
        var divisor = new float[outHeight * outWidth];
        for (int i = 0; i < outHeight; i++)
            for (int j = 0; j < outWidth; j++)
                divisor[i * outWidth + j] = (rows.End[i] - rows.Start[i]) * (cols.End[j] - cols.Start[j]);
        return WindowAverage(this, new PoolWindows(h, w, rows.Start, rows.End, cols.Start, cols.End, divisor));
    }

    /// <summary>Mean over the spatial axes of [N, C, H, W], keeping them as size 1.</summary>
    public Tensor GlobalAvgPool2d()
    {
        CheckImage("GlobalAvgPool2d");
        return Mean([2, 3], keepDim: true);
    }

    /// <summary>Nearest-neighbour upsampling of [N, C, H, W] to [N, C, outHeight, outWidth] (PyTorch's "nearest").</summary>
    public Tensor UpsampleNearest(int outHeight, int outWidth)
    {
        CheckImage("UpsampleNearest");
        if (outHeight < 1 || outWidth < 1) throw new ArgumentException($"UpsampleNearest: output size ({outHeight}, {outWidth}) must be positive.");
        int n = Shape[0], c = Shape[1], h = Shape[2], w = Shape[3];
        var index = new int[outHeight * outWidth];
        for (int i = 0; i < outHeight; i++)
        {
            int ih = Math.Min(h - 1, (int)Math.Floor(i * (double)h / outHeight));
            for (int j = 0; j < outWidth; j++)
                index[i * outWidth + j] = ih * w + Math.Min(w - 1, (int)Math.Floor(j * (double)w / outWidth));
        }
        return Reshape(n, c, h * w).IndexSelect(2, index).Reshape(n, c, outHeight, outWidth);
    }

    /// <summary>Nearest-neighbour upsampling by an integer factor.</summary>
    public Tensor UpsampleNearest(int scale) => UpsampleNearest(Dim(2) * scale, Dim(3) * scale);

    /// <summary>
    /// Bilinear upsampling of [N, C, H, W] (PyTorch's "bilinear"), computed as R·X·Cᵀ with interpolation matrices so
    /// that it is differentiable to any order.
    /// </summary>
    public Tensor UpsampleBilinear(int outHeight, int outWidth, bool alignCorners = false)
    {
        CheckImage("UpsampleBilinear");
        if (outHeight < 1 || outWidth < 1) throw new ArgumentException($"UpsampleBilinear: output size ({outHeight}, {outWidth}) must be positive.");
        var rows = InterpolationMatrix(Shape[2], outHeight, alignCorners);
        var cols = InterpolationMatrix(Shape[3], outWidth, alignCorners);
        return rows.MatMul(this).MatMul(cols, transB: true);
    }

    /// <summary>Bilinear upsampling by an integer factor.</summary>
    public Tensor UpsampleBilinear(int scale, bool alignCorners = false) => UpsampleBilinear(Dim(2) * scale, Dim(3) * scale, alignCorners);

    /// <summary>[outSize, size] matrix of linear interpolation weights with PyTorch's source-index convention.</summary>
    private static Tensor InterpolationMatrix(int size, int outSize, bool alignCorners)
    {
        var m = Zeros(outSize, size);
        for (int o = 0; o < outSize; o++)
        {
            double src = alignCorners
                ? (outSize > 1 ? o * (size - 1.0) / (outSize - 1) : 0)
                : Math.Max(0, (o + 0.5) * size / outSize - 0.5);
            int i0 = Math.Min((int)Math.Floor(src), size - 1);
            int i1 = Math.Min(i0 + 1, size - 1);
            float frac = (float)(src - i0);
            m.Storage[o * size + i0] += 1 - frac;
            m.Storage[o * size + i1] += frac;
        }
        return m;
    }

    private void CheckSequence(string op)
    {
        if (Rank != 3) throw new ArgumentException($"{op}: input must be [N, C, L], got {ShapeUtil.Format(Shape)}.");
    }

    private void CheckImage(string op)
    {
        if (Rank != 4) throw new ArgumentException($"{op}: input must be [N, C, H, W], got {ShapeUtil.Format(Shape)}.");
    }

    /// <summary>Averaging windows of a pool: per output row and column a [start, end) range, and per output a divisor.</summary>
    private sealed record PoolWindows(int H, int W, int[] RowStart, int[] RowEnd, int[] ColStart, int[] ColEnd, float[] Divisor)
    {
        public int OutH => RowStart.Length;
        public int OutW => ColStart.Length;
    }

    private static Tensor WindowAverage(Tensor x, PoolWindows p)
    {
        int n = x.Shape[0], c = x.Shape[1];
        var y = new Tensor(NewStorage(n * c * p.OutH * p.OutW), [n, c, p.OutH, p.OutW]);
        PoolKernels.WindowAverage(x.Storage, n * c, p.H, p.W, p.RowStart, p.RowEnd, p.ColStart, p.ColEnd, p.Divisor, y.Storage);
        return Record(y, "AvgPool2d", x, g => WindowAverageAdjoint(g, p));
    }

    private static Tensor WindowAverageAdjoint(Tensor gy, PoolWindows p)
    {
        int n = gy.Shape[0], c = gy.Shape[1];
        var gx = new Tensor(NewStorage(n * c * p.H * p.W), [n, c, p.H, p.W]);
        PoolKernels.WindowAverageAdjoint(gy.Storage, n * c, p.H, p.W, p.RowStart, p.RowEnd, p.ColStart, p.ColEnd, p.Divisor, gx.Storage);
        return Record(gx, "AvgPool2dBackward", gy, h => WindowAverage(h, p));
    }
}
