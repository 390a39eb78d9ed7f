using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>
/// CycleGAN's ResNet generator (Zhu et al., 2017, after Johnson et al.) sized for 28×28 images: reflection pad 3 +
/// Conv(C→w, k7) → two stride-2 Conv(k3) down-steps to 4w channels at a quarter of the side → <c>blocks</c> residual
/// blocks (reflection pad 1, Conv k3, norm, ReLU, reflection pad 1, Conv k3, norm) → two stride-2 transposed
/// convolutions back up → reflection pad 3 + Conv(w→C, k7) → tanh. Instance norm and ReLU after every hidden
/// convolution; reflection padding keeps the borders free of the zero-padding seams.
/// </summary>
public sealed class ResnetGenerator : Module
{
    private readonly Sequential _body;

    /// <summary>Creates the generator.</summary>
    /// <param name="channels">Image channels (in and out).</param>
    /// <param name="width">Channels of the first convolution (the bottleneck has 4×).</param>
    /// <param name="blocks">Residual blocks at the bottleneck.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive (blocks may be 0).</exception>
    public ResnetGenerator(int channels, int width, int blocks, Generator gen)
    {
        if (channels <= 0 || width <= 0 || blocks < 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"ResnetGenerator: channels {channels} and width {width} must be positive and blocks {blocks} non-negative.");
        Channels = channels;
        _body = new Sequential(new ReflectionPad2d(3), new Conv2d(channels, width, 7, gen, bias: false), new InstanceNorm2d(width, affine: true), new Relu());
        for (int i = 0, c = width; i < 2; i++, c *= 2)
            _body.Add(new Conv2d(c, 2 * c, 3, gen, stride: 2, padding: 1, bias: false)).Add(new InstanceNorm2d(2 * c, affine: true)).Add(new Relu());
        for (int b = 0; b < blocks; b++)
            _body.Add(new Residual(new Sequential(
                new ReflectionPad2d(1), new Conv2d(4 * width, 4 * width, 3, gen, bias: false), new InstanceNorm2d(4 * width, affine: true), new Relu(),
                new ReflectionPad2d(1), new Conv2d(4 * width, 4 * width, 3, gen, bias: false), new InstanceNorm2d(4 * width, affine: true))));
        for (int i = 0, c = 4 * width; i < 2; i++, c /= 2)
            _body.Add(new ConvTranspose2d(c, c / 2, 3, gen, stride: 2, padding: 1, outputPadding: 1, bias: false)).Add(new InstanceNorm2d(c / 2, affine: true)).Add(new Relu());
        _body.Add(new ReflectionPad2d(3)).Add(new Conv2d(width, channels, 7, gen)).Add(new Tanh());
        RegisterModule("body", _body);
    }

    /// <summary>Image channels.</summary>
    public int Channels { get; }

    /// <summary>Translates images [N, C, H, W] in [−1, 1] (H and W divisible by 4) to images in [−1, 1].</summary>
    /// <exception cref="ArgumentException">The input has the wrong channels or a side not divisible by 4.</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != Channels || x.Shape[2] % 4 != 0 || x.Shape[3] % 4 != 0)
            throw new ArgumentException($"ResnetGenerator: expected images [N, {Channels}, H, W] with H and W divisible by 4, got {Common.ShapeText.Format(x.Shape)}.", nameof(x));
        return _body.Call(x);
    }
}
