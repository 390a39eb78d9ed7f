using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The generator of Chen et al.'s InfoGAN for 28×28 images (paper, appendix C.1): the input (noise + codes) →
/// Linear(→1024) + batch norm + ReLU → Linear(1024→128·7·7) + batch norm + ReLU → ConvT(128→64, k4 s2 p1) + batch norm
/// + ReLU → ConvT(64→C, k4 s2 p1) + tanh, initialized as DCGAN (N(0, 0.02²)). Unlike the DCGAN generator the codes pass
/// through two fully connected layers first, so a code can change the whole image rather than local detail.
/// </summary>
public sealed class InfoGanGenerator : GanGenerator
{
    /// <summary>Width of the first fully connected layer.</summary>
    public const int Hidden = 1024;

    private const int MapChannels = 128;
    private readonly Sequential _body;
    private readonly int _channels;

    /// <summary>Creates the generator.</summary>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="latentDim">The size of its input: noise + one-hot categorical + continuous codes.</param>
    /// <param name="channels">Image channels.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latentDim"/> or <paramref name="channels"/> is not positive.</exception>
    public InfoGanGenerator(Generator gen, int latentDim, int channels = 1)
    {
        if (latentDim <= 0 || channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(latentDim), $"InfoGanGenerator: latentDim {latentDim} and channels {channels} must be positive.");
        LatentDim = latentDim;
        _channels = channels;
        _body = new Sequential(
            new Linear(latentDim, Hidden, gen, bias: false), new BatchNorm1d(Hidden), new Relu(),
            new Linear(Hidden, MapChannels * 49, gen, bias: false), new BatchNorm1d(MapChannels * 49), new Relu(),
            new Unflatten(1, MapChannels, 7, 7),
            new ConvTranspose2d(MapChannels, 64, 4, gen, stride: 2, padding: 1, bias: false), new BatchNorm2d(64), new Relu(),
            new ConvTranspose2d(64, channels, 4, gen, stride: 2, padding: 1), new Tanh());
        DcganInit.Apply(_body, gen);
        RegisterModule("body", _body);
    }

    /// <inheritdoc />
    public override int[] SampleShape => [_channels, 28, 28];

    /// <inheritdoc />
    public override Tensor Generate(Tensor z, int[]? labels = null)
    {
        CheckInput(z, labels);
        return _body.Call(z);
    }
}
