using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The PixelCNN network: a type A masked convolution, type B masked convolutions (optionally residual), ReLU after
/// each, an optional hidden 1×1 convolution and a 1×1 convolution to one logit per pixel level. Maps images
/// [N, 1, H, W] to logits [N, levels, H, W], where the logits at a pixel depend only on the pixels before it in raster
/// order. <see cref="LogitsAt"/> computes the logits of a single pixel from the part of the image it can see.
/// </summary>
public sealed class PixelCnnNetwork : Module
{
    private readonly MaskedConv2d[] _masked;
    private readonly Conv2d[] _head;

    /// <summary>Builds the network of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PixelCnnNetwork(PixelCnnOptions options, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gen);
        options.Validate();
        Residual = options.Residual;
        Levels = options.Levels;
        _masked = new MaskedConv2d[options.Layers + 1];
        _masked[0] = RegisterModule("input", new MaskedConv2d(MaskType.A, 1, options.Channels, options.FirstKernel, gen));
        for (int i = 1; i <= options.Layers; i++)
            _masked[i] = RegisterModule($"layer{i}", new MaskedConv2d(MaskType.B, options.Channels, options.Channels, options.Kernel, gen));
        _head = options.HeadHidden > 0
            ? [RegisterModule("hidden", new Conv2d(options.Channels, options.HeadHidden, 1, gen)), RegisterModule("output", new Conv2d(options.HeadHidden, Levels, 1, gen))]
            : [RegisterModule("output", new Conv2d(options.Channels, Levels, 1, gen))];
        Reach = _masked.Sum(m => m.Kernel / 2);
    }

    /// <summary>Pixel levels: the size of each pixel's softmax.</summary>
    public int Levels { get; }

    /// <summary>Whether the type B layers are residual.</summary>
    public bool Residual { get; }

    /// <summary>How far the receptive field reaches: rows above and columns either side of a pixel.</summary>
    public int Reach { get; }

    /// <summary>The masked layers, the type A one first.</summary>
    public IReadOnlyList<MaskedConv2d> MaskedLayers => _masked;

    /// <summary>Logits [N, levels, H, W] of images [N, 1, H, W] (values in [0, 1]).</summary>
    /// <exception cref="ArgumentException">The input is not [N, 1, H, W].</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ClassLastLogits(x).Reshape(x.Shape[0], x.Shape[2], x.Shape[3], Levels).Permute(0, 3, 1, 2);
    }

    /// <summary>
    /// The logits of every pixel as rows [N·H·W, levels], pixels in (image, row, column) order: the layout the
    /// softmax wants. The 1×1 output convolutions run as matrix products on the pixels' feature vectors, so the wide
    /// logit tensor is never transposed.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, 1, H, W].</exception>
    public Tensor ClassLastLogits(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var h = _masked[0].Forward(x).Relu();
        for (int i = 1; i < _masked.Length; i++)
        {
            var y = _masked[i].Forward(h).Relu();
            h = Residual ? h + y : y;
        }
        return Head(h.Permute(0, 2, 3, 1).Reshape(-1, h.Shape[1]));
    }

    /// <summary>The 1×1 head on feature rows [M, channels] → logits [M, levels].</summary>
    private Tensor Head(Tensor rows)
    {
        for (int i = 0; i < _head.Length; i++)
        {
            var conv = _head[i];
            rows = rows.Linear(conv.Weight.Reshape(conv.OutChannels, conv.InChannels), conv.Bias);
            if (i < _head.Length - 1) rows = rows.Relu();
        }
        return rows;
    }

    /// <summary>
    /// The logits [N, levels] of pixel (<paramref name="row"/>, <paramref name="column"/>): equal to
    /// <c>Forward(x)</c> at that pixel, computed only over the pixels its receptive field covers (at most
    /// <see cref="Reach"/> + 1 rows and 2·<see cref="Reach"/> + 1 columns, shrinking layer by layer), so that sampling
    /// a pixel costs a small fraction of a full forward pass. Pixels at and after (row, column) are not read.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, 1, H, W] or the pixel is outside it.</exception>
    public Tensor LogitsAt(Tensor x, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != 1)
            throw new ArgumentException($"PixelCnnNetwork: expected images [N, 1, H, W], got {ShapeText.Format(x.Shape)}.", nameof(x));
        int height = x.Shape[2], width = x.Shape[3];
        if (row < 0 || row >= height || column < 0 || column >= width)
            throw new ArgumentException($"PixelCnnNetwork: pixel ({row}, {column}) is outside the {height}×{width} image.");
        int r = Reach;
        // The region rows [row − R, row], columns [column − R, column + R], zero outside the image.
        var region = x.Pad([(0, 0), (0, 0), (r, 0), (r, r)]).Narrow(2, row, r + 1).Narrow(3, column, 2 * r + 1);
        var inside = Inside(height, width, row, column, r);
        int reach = r;
        Tensor h = region;
        for (int i = 0; i < _masked.Length; i++)
        {
            int k = _masked[i].Kernel / 2;
            int next = reach - k;
            var y = _masked[i].ForwardUpperValid(h).Relu();
            if (Residual && i > 0) y = h.Narrow(2, k, next + 1).Narrow(3, k, 2 * next + 1) + y;
            // Features outside the image are zero, as the padding of the full forward pass makes them.
            h = y * inside.Narrow(2, r - next, next + 1).Narrow(3, r - next, 2 * next + 1);
            reach = next;
        }
        return Head(h.Reshape(x.Shape[0], h.Shape[1]));
    }

    private static Tensor Inside(int height, int width, int row, int column, int r)
    {
        var mask = Tensor.Zeros(1, 1, r + 1, 2 * r + 1);
        var data = mask.Data;
        for (int i = 0; i <= r; i++)
            for (int j = 0; j <= 2 * r; j++)
            {
                int y = row - r + i, xx = column - r + j;
                if (y >= 0 && y < height && xx >= 0 && xx < width) data[i * (2 * r + 1) + j] = 1f;
            }
        return mask;
    }
}
