using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>Max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
    public Tensor MaxPool2d(int kernel, int? stride = null, int padding = 0, int dilation = 1)
        => MaxPool2dWithIndices(kernel, stride, padding, dilation).Output;

    /// <summary>
    /// Max pooling that also returns, per output, the flat index h·W + w of the chosen input within its plane (as floats).
    /// The gradient flows to the chosen positions only.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 4-D, the parameters are invalid or the window does not fit.</exception>
    public (Tensor Output, Tensor Indices) MaxPool2dWithIndices(int kernel, int? stride = null, int padding = 0, int dilation = 1)
    {
        CheckImage("MaxPool2d");
        int s = stride ?? kernel;
        if (kernel < 1 || s < 1 || dilation < 1 || padding < 0 || padding * 2 > kernel)
            throw new ArgumentException($"MaxPool2d: kernel {kernel}, stride {s}, padding {padding}, dilation {dilation} are invalid (padding must be at most half the kernel).");
        int n = Shape[0], c = Shape[1], h = Shape[2], w = Shape[3];
        int ho = ConvGeometry.OutputSize(h, kernel, s, padding, dilation), wo = ConvGeometry.OutputSize(w, kernel, s, padding, dilation);
        if (ho <= 0 || wo <= 0) throw new ArgumentException($"MaxPool2d: kernel {kernel} does not fit input {ShapeUtil.Format(Shape)}.");
        var indices = new Tensor(NewStorage(n * c * ho * wo), [n * c, ho * wo]);
        PoolKernels.MaxPoolIndices(Storage, n * c, h, w, ho, wo, kernel, kernel, s, s, padding, padding, dilation, dilation, indices.Storage);
        // Gather along the flattened plane: its backward is a scatter-add, which is itself differentiable.
        var output = Reshape(n * c, h * w).Gather(1, indices).Reshape(n, c, ho, wo);
        return (output, indices.Reshape(n, c, ho, wo));
    }

    /// <summary>Average pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
    /// <param name="kernel">Window size.</param>
    /// <param name="stride">Step between windows; the kernel size when null.</param>
    /// <param name="padding">Implicit zero padding on every side.</param>
    /// <param name="countIncludePad">Divide by the full window size even where it overlaps the padding (PyTorch's default).</param>
    public Tensor AvgPool2d(int kernel, int? stride = null, int padding = 0, bool countIncludePad = true)
    {
        CheckImage("AvgPool2d");
        int s = stride ?? kernel;
        if (kernel < 1 || s < 1 || padding < 0 || padding * 2 > kernel)
            throw new ArgumentException($"AvgPool2d: kernel {kernel}, stride {s}, padding {padding} are invalid (padding must be at most half the kernel).");
        int h = Shape[2], w = Shape[3];
        int ho = ConvGeometry.OutputSize(h, kernel, s, padding, 1), wo = ConvGeometry.OutputSize(w, kernel, s, padding, 1);
        if (ho <= 0 || wo <= 0) throw new ArgumentException($"AvgPool2d: kernel {kernel} does not fit input {ShapeUtil.Format(Shape)}.");
        var rows = PoolKernels.StridedWindows(h, ho, kernel, s, padding);
        var cols = PoolKernels.StridedWindows(w, wo, kernel, s, padding);
        var divisor = new float[ho * wo];
        for (int i = 0; i < ho; i++)
            for (int j = 0; j < wo; j++)
                divisor[i * wo + j] = countIncludePad ? kernel * kernel : (rows.End[i] - rows.Start[i]) * (cols.End[j] - cols.Start[j]);
        return WindowAverage(this, new PoolWindows(h, w, rows.Start, rows.End, cols.Start, cols.End, divisor));
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
