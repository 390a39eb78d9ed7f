using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// The basic residual block of ResNets, y = relu(x + BN(conv3×3(relu(BN(conv3×3(x)))))), keeping channels and size.
/// </summary>
public sealed class ResidualConvBlock : Module
{
    /// <summary>Creates a block over <paramref name="channels"/> channels, with or without batch normalization.</summary>
    public ResidualConvBlock(int channels, Generator gen, bool batchNorm = true)
    {
        Channels = channels;
        var body = new Sequential(
            new Conv2d(channels, channels, 3, gen, padding: 1, bias: !batchNorm),
            batchNorm ? new BatchNorm2d(channels) : new Identity(),
            new Relu(),
            new Conv2d(channels, channels, 3, gen, padding: 1, bias: !batchNorm),
            batchNorm ? new BatchNorm2d(channels) : new Identity());
        Body = RegisterModule("body", body);
    }

    /// <summary>Channels in and out.</summary>
    public int Channels { get; }

    /// <summary>The two convolutions with their normalization.</summary>
    public Sequential Body { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Add(Body.Forward(x)).Relu();
}
