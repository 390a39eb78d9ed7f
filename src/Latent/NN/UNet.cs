using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// A U-Net (Ronneberger et al., 2015; the pix2pix generator of Isola et al., 2017) for image-to-image networks: an
/// encoder of stride-2 convolutions halves the resolution <see cref="Depth"/> times, a bottleneck convolution works at
/// the lowest resolution, and a decoder of stride-2 transposed convolutions doubles it back; before each up-step the
/// decoder's map is concatenated with the encoder's map of the same resolution (the skip connections), and the last
/// 3×3 convolution sees the decoder's full-resolution map beside the input itself. Dropout on the innermost
/// up-steps serves as the generator's noise, as in pix2pix.
/// </summary>
/// <remarks>
/// Down-step i: Conv(k4 s2 p1) → instance norm (not on the first) → LeakyReLU 0.2, with channels
/// base·2^i (capped at 8·base). Bottleneck: Conv(k3 s1 p1) → instance norm → ReLU. Up-step i (innermost first):
/// concatenate with down-step i's output → ConvT(k4 s2 p1) → instance norm → ReLU (→ dropout on the
/// <see cref="DropoutLevels"/> innermost). Output: Conv(k3 s1 p1) on [up-output, input], no activation (a generator
/// applies tanh). Height and width must be divisible by 2^Depth. Instance norm has no running statistics, so the
/// network computes the same in training and evaluation mode except for dropout.
/// </remarks>
public sealed class UNet : Module
{
    private readonly List<Sequential> _down = [];
    private readonly Sequential _bottleneck;
    private readonly List<Sequential> _up = [];
    private readonly Conv2d _output;

    /// <summary>Creates the network.</summary>
    /// <param name="inChannels">Channels of the input image.</param>
    /// <param name="outChannels">Channels of the output image.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="baseChannels">Channels of the first down-step.</param>
    /// <param name="depth">Down-steps (the resolution is halved this many times).</param>
    /// <param name="dropout">Dropout probability on the innermost up-steps (0 for none).</param>
    /// <param name="dropoutLevels">How many of the innermost up-steps get dropout.</param>
    /// <param name="dropoutGen">The random source of the dropout masks (the model's stream, so a checkpoint resumes it); null uses <paramref name="gen"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the dropout settings are out of range.</exception>
    public UNet(int inChannels, int outChannels, Generator gen, int baseChannels = 32, int depth = 2, float dropout = 0.5f, int dropoutLevels = 1,
        Generator? dropoutGen = null)
    {
        if (inChannels <= 0 || outChannels <= 0 || baseChannels <= 0 || depth <= 0)
            throw new ArgumentOutOfRangeException(nameof(depth),
                $"UNet: channels ({inChannels} in, {outChannels} out, {baseChannels} base) and depth {depth} must be positive.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), $"UNet: dropout must be in [0, 1), got {dropout}.");
        if (dropoutLevels < 0 || dropoutLevels > depth)
            throw new ArgumentOutOfRangeException(nameof(dropoutLevels), $"UNet: dropoutLevels must be in [0, {depth}], got {dropoutLevels}.");
        InChannels = inChannels;
        OutChannels = outChannels;
        Depth = depth;
        DropoutLevels = dropout > 0 ? dropoutLevels : 0;
        var widths = Enumerable.Range(0, depth).Select(i => baseChannels * Math.Min(1 << i, 8)).ToArray();
        int channels = inChannels;
        for (int i = 0; i < depth; i++)
        {
            var step = new Sequential(new Conv2d(channels, widths[i], 4, gen, stride: 2, padding: 1));
            if (i > 0) step.Add(new InstanceNorm2d(widths[i], affine: true));
            step.Add(new LeakyRelu(0.2f));
            _down.Add(RegisterModule($"down{i}", step));
            channels = widths[i];
        }
        _bottleneck = RegisterModule("bottleneck", new Sequential(
            new Conv2d(channels, channels, 3, gen, padding: 1), new InstanceNorm2d(channels, affine: true), new Relu()));
        for (int i = depth - 1; i >= 0; i--)
        {
            int outWidth = i > 0 ? widths[i - 1] : baseChannels;
            var step = new Sequential(new ConvTranspose2d(channels + widths[i], outWidth, 4, gen, stride: 2, padding: 1),
                new InstanceNorm2d(outWidth, affine: true), new Relu());
            if (depth - 1 - i < DropoutLevels) step.Add(new Dropout(dropout, dropoutGen ?? gen));
            _up.Add(RegisterModule($"up{i}", step));
            channels = outWidth;
        }
        _output = RegisterModule("output", new Conv2d(channels + inChannels, outChannels, 3, gen, padding: 1));
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output.</summary>
    public int OutChannels { get; }

    /// <summary>The number of down-steps (and up-steps).</summary>
    public int Depth { get; }

    /// <summary>How many of the innermost up-steps end in dropout.</summary>
    public int DropoutLevels { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, InChannels, H, W] with H and W divisible by 2^Depth.</exception>
    public override Tensor Forward(Tensor x) => Run(x, null);

    /// <summary>
    /// The forward pass that also reports each skip connection: for every level, innermost first, the encoder's map and
    /// the decoder's map it is concatenated with (equal resolutions by construction), and finally the input beside the
    /// decoder's full-resolution map.
    /// </summary>
    public (Tensor Output, IReadOnlyList<(Tensor Encoder, Tensor Decoder)> Skips) ForwardWithSkips(Tensor x)
    {
        var skips = new List<(Tensor, Tensor)>();
        return (Run(x, skips), skips);
    }

    private Tensor Run(Tensor x, List<(Tensor, Tensor)>? skips)
    {
        ArgumentNullException.ThrowIfNull(x);
        int factor = 1 << Depth;
        if (x.Rank != 4 || x.Shape[1] != InChannels || x.Shape[2] % factor != 0 || x.Shape[3] % factor != 0)
            throw new ArgumentException(
                $"UNet: expected images [N, {InChannels}, H, W] with H and W divisible by {factor} (depth {Depth}), got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        var encoded = new List<Tensor>();
        var h = x;
        foreach (var step in _down)
        {
            h = step.Call(h);
            encoded.Add(h);
        }
        h = _bottleneck.Call(h);
        for (int j = 0; j < _up.Count; j++)
        {
            var skip = encoded[Depth - 1 - j];
            skips?.Add((skip, h));
            h = _up[j].Call(Tensor.Concat([h, skip], 1));
        }
        skips?.Add((x, h));
        return _output.Call(Tensor.Concat([h, x], 1));
    }
}
