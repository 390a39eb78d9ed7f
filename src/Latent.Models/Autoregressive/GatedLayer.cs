using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// One layer of the gated PixelCNN: a vertical stack whose features at row r see only the rows above r, and a
/// horizontal stack whose features at (r, c) see the vertical features of row r and the horizontal features left of
/// (r, c) (the first layer: strictly left; later layers: up to and including c). Both use the gated unit
/// tanh(a) ⊙ σ(b) on 2p pre-activations; the vertical pre-activations reach the horizontal stack through a 1×1
/// convolution, and later layers add their horizontal output to their input (residual). A class label adds a learned
/// bias to both stacks' pre-activations.
/// </summary>
public sealed class GatedLayer : Module
{
    private readonly StackConv2d _vertical;
    private readonly StackConv2d _horizontal;
    private readonly Conv2d _link;
    private readonly Conv2d _output;
    private readonly Embedding? _condition;

    /// <summary>Creates the layer.</summary>
    /// <param name="first">Whether this is the first layer (it reads the image: the vertical stack is shifted down a row, the horizontal one right a column, and there is no residual).</param>
    /// <param name="inChannels">Input channels of both stacks (1 for the first layer).</param>
    /// <param name="channels">Feature maps p of both stacks.</param>
    /// <param name="kernel">Odd kernel size.</param>
    /// <param name="classes">Classes to condition on; 0 for none.</param>
    /// <param name="gen">Initialization randomness.</param>
    public GatedLayer(bool first, int inChannels, int channels, int kernel, int classes, Generator gen)
    {
        First = first;
        Channels = channels;
        Kernel = kernel;
        _vertical = RegisterModule("vertical", StackConv2d.Vertical(inChannels, 2 * channels, kernel, gen));
        _horizontal = RegisterModule("horizontal", StackConv2d.Horizontal(inChannels, 2 * channels, kernel, gen));
        _link = RegisterModule("link", new Conv2d(2 * channels, 2 * channels, 1, gen));
        _output = RegisterModule("output", new Conv2d(channels, channels, 1, gen));
        if (classes > 0) _condition = RegisterModule("condition", new Embedding(classes, 4 * channels, gen));
    }

    /// <summary>Whether this is the first layer.</summary>
    public bool First { get; }

    /// <summary>Feature maps p.</summary>
    public int Channels { get; }

    /// <summary>The kernel size.</summary>
    public int Kernel { get; }

    /// <summary>Rows above a pixel this layer's vertical stack adds to the receptive field.</summary>
    public int VerticalReach => Kernel / 2 + (First ? 1 : 0);

    /// <summary>The class biases of both stacks, each [N, 2p, 1, 1], or nulls without conditioning.</summary>
    public (Tensor? Vertical, Tensor? Horizontal) Condition(int[]? labels)
    {
        if (_condition == null || labels == null) return (null, null);
        var both = _condition.Forward(labels).Reshape(labels.Length, 4 * Channels, 1, 1);
        return (both.Narrow(1, 0, 2 * Channels), both.Narrow(1, 2 * Channels, 2 * Channels));
    }

    /// <summary>The vertical stack: its pre-activations [N, 2p, H, W] (row r sees only rows above r) and its gated output [N, p, H, W].</summary>
    public (Tensor PreActivation, Tensor Output) VerticalStack(Tensor v, Tensor? condition)
    {
        var pre = _vertical.Forward(v);
        if (First) pre = StackConv2d.Shift(pre, 2);
        return (pre, Gate(condition == null ? pre : pre + condition));
    }

    /// <summary>What the vertical pre-activations add to the horizontal stack: a 1×1 convolution, [N, 2p, H, W].</summary>
    public Tensor Link(Tensor verticalPreActivation) => _link.Forward(verticalPreActivation);

    /// <summary>The horizontal stack's output [N, p, h, w] from its input and the linked vertical features of the same pixels.</summary>
    public Tensor HorizontalStack(Tensor h, Tensor link, Tensor? condition)
    {
        var pre = _horizontal.Forward(h);
        if (First) pre = StackConv2d.Shift(pre, 3);
        pre = pre + link;
        if (condition != null) pre = pre + condition;
        var y = _output.Forward(Gate(pre));
        return First ? y : h + y;
    }

    private Tensor Gate(Tensor pre) => pre.Narrow(1, 0, Channels).Tanh() * pre.Narrow(1, Channels, Channels).Sigmoid();

    /// <inheritdoc />
    /// <remarks>Not used: a gated layer has two inputs and two outputs; see <see cref="VerticalStack"/> and <see cref="HorizontalStack"/>.</remarks>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("GatedLayer has two streams: call VerticalStack and HorizontalStack.");
}
