using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The PixelCNN network: a type A masked convolution, type B masked convolutions (optionally residual), ReLU after
/// each, an optional hidden 1×1 convolution and a 1×1 convolution to the parameters of each pixel's distribution (one
/// logit per level for the softmax). Maps images [N, 1, H, W] to [N, outputs, H, W], where the output at a pixel
/// depends only on the pixels before it in raster order. It has a blind spot: the receptive field of a pixel misses
/// the pixels above-right of it that the stacked kernels never reach (the gated PixelCNN removes it).
/// <see cref="LogitsAt"/> computes the output of a single pixel from the part of the image it can see.
/// </summary>
public sealed class PixelCnnNetwork : PixelNetwork
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
        Outputs = options.NewDistribution().Channels;
        _masked = new MaskedConv2d[options.Layers + 1];
        _masked[0] = RegisterModule("input", new MaskedConv2d(MaskType.A, 1, options.Channels, options.FirstKernel, gen));
        for (int i = 1; i <= options.Layers; i++)
            _masked[i] = RegisterModule($"layer{i}", new MaskedConv2d(MaskType.B, options.Channels, options.Channels, options.Kernel, gen));
        _head = options.HeadHidden > 0
            ? [RegisterModule("hidden", new Conv2d(options.Channels, options.HeadHidden, 1, gen)), RegisterModule("output", new Conv2d(options.HeadHidden, Outputs, 1, gen))]
            : [RegisterModule("output", new Conv2d(options.Channels, Outputs, 1, gen))];
        Reach = _masked.Sum(m => m.Kernel / 2);
    }

    /// <inheritdoc />
    public override int Outputs { get; }

    /// <summary>Whether the type B layers are residual.</summary>
    public bool Residual { get; }

    /// <summary>How far the receptive field reaches: rows above and columns either side of a pixel.</summary>
    public int Reach { get; }

    /// <summary>The masked layers, the type A one first.</summary>
    public IReadOnlyList<MaskedConv2d> MaskedLayers => _masked;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, 1, H, W], or labels are given (the network is not conditional).</exception>
    public override Tensor ClassLastOutputs(Tensor x, int[]? labels)
    {
        CheckImages(x);
        CheckLabels(labels, x.Shape[0]);
        return ClassLastLogits(x);
    }

    /// <inheritdoc />
    public override PixelStepper Start(Tensor x, int[]? labels)
    {
        CheckImages(x);
        CheckLabels(labels, x.Shape[0]);
        return new Stepper(this, x);
    }

    private sealed class Stepper(PixelCnnNetwork network, Tensor x) : PixelStepper
    {
        public override Tensor At(int row, int column) => network.LogitsAt(x, row, column);
    }

    /// <summary>
    /// The outputs of every pixel as rows [N·H·W, outputs], pixels in (image, row, column) order: the layout the
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

    /// <summary>The 1×1 head on feature rows [M, channels] → outputs [M, outputs].</summary>
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
    /// The outputs [N, outputs] of pixel (<paramref name="row"/>, <paramref name="column"/>): equal to
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
