using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Shared parts of the convolution layers: a kernel tensor, an optional bias and PyTorch's default initialization
/// (Kaiming-uniform with a = √5 on the kernel, bias uniform in ±1/√fan_in).
/// </summary>
public abstract class ConvolutionLayer : Module
{
    /// <summary>Registers an initialized kernel of <paramref name="kernelShape"/> and, if asked, a bias of <paramref name="biasSize"/>.</summary>
    protected ConvolutionLayer(int[] kernelShape, int biasSize, bool bias, Generator gen)
    {
        var weight = Tensor.Zeros(kernelShape);
        Init.KaimingUniform(weight, gen, a: MathF.Sqrt(5));
        RegisterParameter("weight", weight);
        if (bias)
        {
            var (fanIn, _) = Init.ComputeFans(kernelShape);
            RegisterParameter("bias", Parameter.Uniform([biasSize], 1f / MathF.Sqrt(fanIn), gen));
        }
        HasBias = bias;
    }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; protected init; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; protected init; }

    /// <summary>Kernel size.</summary>
    public int Kernel { get; protected init; }

    /// <summary>Stride (for a transposed convolution, the upsampling factor).</summary>
    public int Stride { get; protected init; }

    /// <summary>Zero padding on each side (removed from each side of a transposed convolution's output).</summary>
    public int Padding { get; protected init; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; protected init; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; protected init; }

    /// <summary>The layer's settings for <see cref="Module.ToString"/>.</summary>
    protected override string ExtraRepr() => $"{InChannels}→{OutChannels}, k={Kernel}, s={Stride}, p={Padding}, d={Dilation}, g={Groups}, bias={HasBias}";

    /// <summary>The kernel used by <see cref="Module.Forward"/> (the normalized one under a reparametrization).</summary>
    public Tensor Weight => Get("weight");

    /// <summary>The bias, or null.</summary>
    public Tensor? Bias => HasBias ? Get("bias") : null;

    /// <summary>Throws unless every value is positive.</summary>
    protected static void RequirePositive(string layer, params (string Name, int Value)[] values)
    {
        foreach (var (name, value) in values)
            if (value <= 0) throw new ArgumentOutOfRangeException(name, $"{layer}: {name} must be positive, got {value}.");
    }

    /// <summary>Throws unless both channel counts divide by the groups.</summary>
    protected static void RequireGroups(string layer, int inChannels, int outChannels, int groups)
    {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{layer}: in ({inChannels}) and out ({outChannels}) channels must both divide by groups ({groups}).");
    }
}

/// <summary>2-D convolution over [N, C, H, W] with a kernel [out, in/groups, k, k].</summary>
public sealed class Conv2d : ConvolutionLayer
{
    /// <summary>Creates a 2-D convolution layer.</summary>
    /// <exception cref="ArgumentException">Sizes are not positive or the channels do not divide by the groups.</exception>
    public Conv2d(int inChannels, int outChannels, int kernel, Generator gen, int stride = 1, int padding = 0,
        int dilation = 1, int groups = 1, bool bias = true)
        : base(Check(inChannels, outChannels, kernel, stride, dilation, groups), outChannels, bias, gen)
    {
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"Conv2d: padding must be non-negative, got {padding}.");
        (InChannels, OutChannels, Kernel, Stride, Padding, Dilation, Groups) = (inChannels, outChannels, kernel, stride, padding, dilation, groups);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv2d: expected input [N, {InChannels}, H, W], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return x.Conv2d(Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    private static int[] Check(int inChannels, int outChannels, int kernel, int stride, int dilation, int groups)
    {
        RequirePositive("Conv2d", (nameof(inChannels), inChannels), (nameof(outChannels), outChannels), (nameof(kernel), kernel),
            (nameof(stride), stride), (nameof(dilation), dilation));
        RequireGroups("Conv2d", inChannels, outChannels, groups);
        return [outChannels, inChannels / groups, kernel, kernel];
    }
}

/// <summary>1-D convolution over [N, C, L] with a kernel [out, in/groups, k].</summary>
public sealed class Conv1d : ConvolutionLayer
{
    /// <summary>Creates a 1-D convolution layer.</summary>
    /// <exception cref="ArgumentException">Sizes are not positive or the channels do not divide by the groups.</exception>
    public Conv1d(int inChannels, int outChannels, int kernel, Generator gen, int stride = 1, int padding = 0,
        int dilation = 1, int groups = 1, bool bias = true)
        : base(Check(inChannels, outChannels, kernel, stride, dilation, groups), outChannels, bias, gen)
    {
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"Conv1d: padding must be non-negative, got {padding}.");
        (InChannels, OutChannels, Kernel, Stride, Padding, Dilation, Groups) = (inChannels, outChannels, kernel, stride, padding, dilation, groups);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv1d: expected input [N, {InChannels}, L], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return x.Conv1d(Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    private static int[] Check(int inChannels, int outChannels, int kernel, int stride, int dilation, int groups)
    {
        RequirePositive("Conv1d", (nameof(inChannels), inChannels), (nameof(outChannels), outChannels), (nameof(kernel), kernel),
            (nameof(stride), stride), (nameof(dilation), dilation));
        RequireGroups("Conv1d", inChannels, outChannels, groups);
        return [outChannels, inChannels / groups, kernel];
    }
}

/// <summary>
/// 2-D transposed convolution over [N, C, H, W] with a kernel [in, out/groups, k, k] (PyTorch's layout). Output size
/// is (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
/// </summary>
public sealed class ConvTranspose2d : ConvolutionLayer
{
    /// <summary>Creates a transposed convolution layer.</summary>
    /// <exception cref="ArgumentException">Sizes are not positive, output padding is too large, or the channels do not divide by the groups.</exception>
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, Generator gen, int stride = 1, int padding = 0,
        int outputPadding = 0, int groups = 1, bool bias = true, int dilation = 1)
        : base(Check(inChannels, outChannels, kernel, stride, dilation, groups), outChannels, bias, gen)
    {
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"ConvTranspose2d: padding must be non-negative, got {padding}.");
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
            throw new ArgumentOutOfRangeException(nameof(outputPadding), $"ConvTranspose2d: output padding {outputPadding} must be smaller than stride or dilation.");
        (InChannels, OutChannels, Kernel, Stride, Padding, OutputPadding, Dilation, Groups) =
            (inChannels, outChannels, kernel, stride, padding, outputPadding, dilation, groups);
    }

    /// <summary>Extra rows and columns added on one side to reach the wanted output size.</summary>
    public int OutputPadding { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"ConvTranspose2d: expected input [N, {InChannels}, H, W], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return x.ConvTranspose2d(Weight, Bias, Stride, Padding, OutputPadding, Dilation, Groups);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{InChannels}→{OutChannels}, k={Kernel}, s={Stride}, p={Padding}, op={OutputPadding}, d={Dilation}, g={Groups}, bias={HasBias}";

    private static int[] Check(int inChannels, int outChannels, int kernel, int stride, int dilation, int groups)
    {
        RequirePositive("ConvTranspose2d", (nameof(inChannels), inChannels), (nameof(outChannels), outChannels), (nameof(kernel), kernel),
            (nameof(stride), stride), (nameof(dilation), dilation));
        RequireGroups("ConvTranspose2d", inChannels, outChannels, groups);
        return [inChannels, outChannels / groups, kernel, kernel];
    }
}
