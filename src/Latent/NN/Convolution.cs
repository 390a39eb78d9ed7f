using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Shared parts of the convolution layers: a kernel tensor, an optional bias and PyTorch's default initialization
/// (Kaiming-uniform with a = √5 on the kernel, bias uniform in ±1/√fan_in).
/// </summary>
public abstract class ConvolutionLayer : Module
{
    /// <summary>
    /// Checks the geometry, records it, and registers an initialized kernel and (if asked) bias. The kernel has
    /// <paramref name="spatialAxes"/> spatial axes of size <paramref name="kernel"/>; a transposed layer stores it as
    /// [in, out/groups, …] (PyTorch's layout), the others as [out, in/groups, …].
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, the padding is negative, or the channels do not divide by the groups.</exception>
    protected ConvolutionLayer(string layer, int inChannels, int outChannels, int kernel, int spatialAxes, bool transposed,
        int stride, int padding, int dilation, int groups, bool bias, Generator gen)
    {
        foreach (var (name, value) in new[] { (nameof(inChannels), inChannels), (nameof(outChannels), outChannels),
                     (nameof(kernel), kernel), (nameof(stride), stride), (nameof(dilation), dilation) })
            if (value <= 0) throw new ArgumentOutOfRangeException(name, $"{layer}: {name} must be positive, got {value}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"{layer}: padding must be non-negative, got {padding}.");
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{layer}: in ({inChannels}) and out ({outChannels}) channels must both divide by groups ({groups}).");
        (InChannels, OutChannels, Kernel, Stride, Padding, Dilation, Groups) = (inChannels, outChannels, kernel, stride, padding, dilation, groups);
        int[] kernelShape = transposed ? [inChannels, outChannels / groups] : [outChannels, inChannels / groups];
        kernelShape = [.. kernelShape, .. Enumerable.Repeat(kernel, spatialAxes)];
        var weight = Tensor.Zeros(kernelShape);
        Init.KaimingUniform(weight, gen, a: MathF.Sqrt(5));
        RegisterParameter("weight", weight);
        if (bias)
        {
            var (fanIn, _) = Init.ComputeFans(kernelShape);
            RegisterParameter("bias", Parameter.Uniform([outChannels], 1f / MathF.Sqrt(fanIn), gen));
        }
        HasBias = bias;
    }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel size.</summary>
    public int Kernel { get; }

    /// <summary>Stride (for a transposed convolution, the upsampling factor).</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side (removed from each side of a transposed convolution's output).</summary>
    public int Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>The layer's settings for <see cref="Module.ToString"/>.</summary>
    protected override string ExtraRepr() => $"{InChannels}→{OutChannels}, k={Kernel}, s={Stride}, p={Padding}, d={Dilation}, g={Groups}, bias={HasBias}";

    /// <summary>The kernel used by <see cref="Module.Forward"/> (the normalized one under a reparametrization).</summary>
    public Tensor Weight => Get("weight");

    /// <summary>The bias, or null.</summary>
    public Tensor? Bias => HasBias ? Get("bias") : null;
}

/// <summary>2-D convolution over [N, C, H, W] with a kernel [out, in/groups, k, k].</summary>
public sealed class Conv2d : ConvolutionLayer
{
    /// <summary>Creates a 2-D convolution layer.</summary>
    /// <exception cref="ArgumentException">Sizes are not positive or the channels do not divide by the groups.</exception>
    public Conv2d(int inChannels, int outChannels, int kernel, Generator gen, int stride = 1, int padding = 0,
        int dilation = 1, int groups = 1, bool bias = true)
        : base("Conv2d", inChannels, outChannels, kernel, 2, false, stride, padding, dilation, groups, bias, gen) { }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv2d: expected input [N, {InChannels}, H, W], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return x.Conv2d(Weight, Bias, Stride, Padding, Dilation, Groups);
    }

}

/// <summary>1-D convolution over [N, C, L] with a kernel [out, in/groups, k].</summary>
public sealed class Conv1d : ConvolutionLayer
{
    /// <summary>Creates a 1-D convolution layer with the same padding on both ends.</summary>
    /// <exception cref="ArgumentException">Sizes are not positive or the channels do not divide by the groups.</exception>
    public Conv1d(int inChannels, int outChannels, int kernel, Generator gen, int stride = 1, int padding = 0,
        int dilation = 1, int groups = 1, bool bias = true)
        : base("Conv1d", inChannels, outChannels, kernel, 1, false, stride, padding, dilation, groups, bias, gen)
        => SidePadding = (padding, padding);

    /// <summary>
    /// Creates a 1-D convolution layer with separate left and right padding; (dilation·(kernel − 1), 0) makes it causal
    /// (WaveNet): output step t sees inputs up to t only. <see cref="ConvolutionLayer.Padding"/> is then 0.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes are not positive, a pad is negative, or the channels do not divide by the groups.</exception>
    public Conv1d(int inChannels, int outChannels, int kernel, Generator gen, int stride, (int Left, int Right) padding,
        int dilation = 1, int groups = 1, bool bias = true)
        : base("Conv1d", inChannels, outChannels, kernel, 1, false, stride, 0, dilation, groups, bias, gen)
    {
        if (padding.Left < 0 || padding.Right < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), $"Conv1d: padding ({padding.Left}, {padding.Right}) must be non-negative.");
        SidePadding = padding;
    }

    /// <summary>A causal layer: left padding dilation·(kernel − 1), none on the right, so outputs keep the input length.</summary>
    public static Conv1d Causal(int inChannels, int outChannels, int kernel, Generator gen, int dilation = 1, bool bias = true)
        => new(inChannels, outChannels, kernel, gen, 1, (dilation * (kernel - 1), 0), dilation, 1, bias);

    /// <summary>The zero padding applied at the start and at the end of the sequence.</summary>
    public (int Left, int Right) SidePadding { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv1d: expected input [N, {InChannels}, L], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return x.Conv1d(Weight, Bias, Stride, SidePadding, Dilation, Groups);
    }

    /// <inheritdoc />
    protected override string ExtraRepr()
        => $"{InChannels}→{OutChannels}, k={Kernel}, s={Stride}, p=({SidePadding.Left}, {SidePadding.Right}), d={Dilation}, g={Groups}, bias={HasBias}";
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
        : base("ConvTranspose2d", inChannels, outChannels, kernel, 2, true, stride, padding, dilation, groups, bias, gen)
    {
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
            throw new ArgumentOutOfRangeException(nameof(outputPadding), $"ConvTranspose2d: output padding {outputPadding} must be smaller than stride or dilation.");
        OutputPadding = outputPadding;
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

}
