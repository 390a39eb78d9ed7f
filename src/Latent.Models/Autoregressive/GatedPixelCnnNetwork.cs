using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The gated PixelCNN network (van den Oord et al., 2016): a stack of <see cref="GatedLayer"/>s with separate vertical
/// and horizontal stacks, so that the receptive field of a pixel is every pixel above it (as far as the kernels reach
/// sideways) and every pixel left of it on its row — no blind spot — followed by a <see cref="PixelHead"/>.
/// Pixel-by-pixel evaluation computes the vertical stack once per row (over only the rows it can see) and then the
/// horizontal stack of that one row per pixel.
/// </summary>
public sealed class GatedPixelCnnNetwork : PixelNetwork
{
    private readonly GatedLayer[] _layers;
    private readonly PixelHead _head;

    /// <summary>Builds the network of <paramref name="options"/>, conditioned on <paramref name="classes"/> classes when <see cref="GatedPixelCnnOptions.Conditional"/> is set.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or conditional with fewer than 2 classes.</exception>
    public GatedPixelCnnNetwork(GatedPixelCnnOptions options, Generator gen, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gen);
        options.Validate();
        if (options.Conditional && classes < 2) throw new ArgumentException($"GatedPixelCnnNetwork: conditioning needs at least 2 classes, got {classes}.", nameof(classes));
        Classes = options.Conditional ? classes : 0;
        Outputs = options.NewDistribution().Channels;
        _layers = new GatedLayer[options.Layers + 1];
        _layers[0] = RegisterModule("layer0", new GatedLayer(true, 1, options.Channels, options.FirstKernel, Classes, gen));
        for (int i = 1; i <= options.Layers; i++)
            _layers[i] = RegisterModule($"layer{i}", new GatedLayer(false, options.Channels, options.Channels, options.Kernel, Classes, gen));
        _head = RegisterModule("head", new PixelHead(options.Channels, options.HeadHidden, Outputs, gen));
        VerticalReach = _layers.Sum(l => l.VerticalReach);
    }

    /// <inheritdoc />
    public override int Outputs { get; }

    /// <inheritdoc />
    public override int Classes { get; }

    /// <summary>Rows above a pixel that its output can depend on.</summary>
    public int VerticalReach { get; }

    /// <inheritdoc />
    public override Tensor ClassLastOutputs(Tensor x, int[]? labels)
    {
        CheckImages(x);
        CheckLabels(labels, x.Shape[0]);
        var conditions = _layers.Select(l => l.Condition(labels)).ToArray();
        return _head.OfMaps(Horizontal(x, Links(x, conditions), conditions));
    }

    /// <summary>The linked vertical features of every layer, each [N, 2p, h, W], for images (or bands of rows) <paramref name="x"/>.</summary>
    private Tensor[] Links(Tensor x, (Tensor? Vertical, Tensor? Horizontal)[] conditions)
    {
        var links = new Tensor[_layers.Length];
        var v = x;
        for (int i = 0; i < _layers.Length; i++)
        {
            var (pre, output) = _layers[i].VerticalStack(v, conditions[i].Vertical);
            links[i] = _layers[i].Link(pre);
            v = output;
        }
        return links;
    }

    private Tensor Horizontal(Tensor x, Tensor[] links, (Tensor? Vertical, Tensor? Horizontal)[] conditions)
    {
        var h = x;
        for (int i = 0; i < _layers.Length; i++) h = _layers[i].HorizontalStack(h, links[i], conditions[i].Horizontal);
        return h;
    }

    /// <inheritdoc />
    public override PixelStepper Start(Tensor x, int[]? labels)
    {
        CheckImages(x);
        CheckLabels(labels, x.Shape[0]);
        return new Stepper(this, x, [.. _layers.Select(l => l.Condition(labels))]);
    }

    private sealed class Stepper(GatedPixelCnnNetwork network, Tensor x, (Tensor? Vertical, Tensor? Horizontal)[] conditions) : PixelStepper
    {
        private int _row = -1;
        private Tensor[] _links = [];

        public override Tensor At(int row, int column)
        {
            if (row != _row)
            {
                // The vertical stack of this row sees only the VerticalReach rows above it, all final by now.
                int top = Math.Max(0, row - network.VerticalReach);
                var band = network.Links(x.Narrow(2, top, row - top + 1), conditions);
                _links = [.. band.Select(l => l.Narrow(2, row - top, 1))];
                _row = row;
            }
            // The horizontal stack looks only left, so columns 0..column of the row suffice.
            var h = network.Horizontal(x.Narrow(2, row, 1).Narrow(3, 0, column + 1),
                [.. _links.Select(l => l.Narrow(3, 0, column + 1))], conditions);
            return network._head.Forward(h.Narrow(3, column, 1).Reshape(x.Shape[0], -1));
        }
    }
}
