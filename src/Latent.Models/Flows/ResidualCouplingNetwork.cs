using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// The convolutional network of an image coupling (RealNVP's ResNet): the kept part x·m [B, C, H, W] together with
/// the mask itself as one more channel (so that a kept zero and a masked-out value are told apart) → 3×3 conv to
/// <see cref="Width"/> channels → residual blocks → 3×3 conv to 2C channels (log-scale and shift), the last conv
/// starting at zero so that the coupling starts as the identity.
/// </summary>
public sealed class ResidualCouplingNetwork : Module
{
    private readonly Tensor _maskChannel;

    /// <summary>Creates the network for a coupling whose mask is <paramref name="mask"/> [C, H, W].</summary>
    /// <param name="mask">The coupling's mask; its first channel is fed to the network.</param>
    /// <param name="width">Channels inside the network.</param>
    /// <param name="blocks">Residual blocks (each two 3×3 convolutions).</param>
    /// <param name="batchNorm">Batch normalization inside the residual blocks.</param>
    /// <param name="gen">Initialises the weights.</param>
    /// <exception cref="ArgumentException">The mask is not [C, H, W], or a size is not positive.</exception>
    public ResidualCouplingNetwork(Tensor mask, int width, int blocks, bool batchNorm, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Rank != 3) throw new ArgumentException($"ResidualCouplingNetwork: the mask must be [C, H, W], got [{string.Join(", ", mask.Shape)}].", nameof(mask));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(blocks);
        int channels = mask.Shape[0];
        Width = width;
        _maskChannel = mask.Narrow(0, 0, 1).Clone().Detach();
        var body = new Sequential(new Conv2d(channels + 1, width, 3, gen, padding: 1), new Relu());
        for (int i = 0; i < blocks; i++) body.Add(new ResidualConvBlock(width, gen, batchNorm));
        var last = new Conv2d(width, 2 * channels, 3, gen, padding: 1);
        last.Weight.Data.Clear();
        last.Bias!.Data.Clear();
        Body = RegisterModule("body", body.Add(last));
    }

    /// <summary>The convolutions.</summary>
    public Sequential Body { get; }

    /// <summary>Channels inside the network.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var mask = _maskChannel.Reshape([1, .. _maskChannel.Shape]).Expand([x.Shape[0], .. _maskChannel.Shape]);
        return Body.Forward(Tensor.Concat([x, mask], 1));
    }
}
