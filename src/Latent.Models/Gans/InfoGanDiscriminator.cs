using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The discriminator of Chen et al.'s InfoGAN for 28×28 images (paper, appendix C.1): Conv(C→64, k4 s2 p1) +
/// LeakyReLU 0.1 → Conv(64→128, k4 s2 p1) + batch norm + LeakyReLU 0.1 → Linear(128·7·7→1024) + batch norm +
/// LeakyReLU 0.1 (the <see cref="Features"/> that the Q head shares) → Linear(1024→1), initialized as DCGAN.
/// </summary>
public sealed class InfoGanDiscriminator : GanDiscriminator
{
    /// <summary>The number of values in one example's <see cref="Features"/>: the 1024 units of the fully connected layer.</summary>
    public const int FeatureSize = 1024;

    private const float Slope = 0.1f;
    private readonly Sequential _features;
    private readonly Linear _output;
    private readonly int _channels;

    /// <summary>Creates the discriminator.</summary>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="channels">Image channels.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not positive.</exception>
    public InfoGanDiscriminator(Generator gen, int channels = 1)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), $"InfoGanDiscriminator: channels must be positive, got {channels}.");
        _channels = channels;
        _features = RegisterModule("features", DcganInit.Apply(new Sequential(
            new Conv2d(channels, 64, 4, gen, stride: 2, padding: 1), new LeakyRelu(Slope),
            new Conv2d(64, 128, 4, gen, stride: 2, padding: 1, bias: false), new BatchNorm2d(128), new LeakyRelu(Slope),
            new Flatten(), new Linear(128 * 49, FeatureSize, gen, bias: false), new BatchNorm1d(FeatureSize), new LeakyRelu(Slope)), gen));
        _output = RegisterModule("output", DcganInit.Apply(new Linear(FeatureSize, 1, gen), gen));
    }

    /// <inheritdoc />
    public override Tensor Features(Tensor x, int[]? labels = null)
    {
        CheckLabels(labels, x.Shape[0]);
        if (x.Rank != 4 || x.Shape[1] != _channels || x.Shape[2] != 28 || x.Shape[3] != 28)
            throw new ArgumentException($"InfoGanDiscriminator: expected images [N, {_channels}, 28, 28], got {Common.ShapeText.Format(x.Shape)}.", nameof(x));
        return _features.Call(x);
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features, int[]? labels = null) => _output.Call(features).Reshape(features.Shape[0]);
}
