using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Instance normalization of [N, C, H, W] (Ulyanov et al., 2016): each image's channel is standardized over its
/// spatial positions, in training and evaluation alike; used by style transfer and CycleGAN generators.
/// </summary>
public sealed class InstanceNorm2d : NormalizationLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">Number of channels C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift (off by default, as in PyTorch).</param>
    public InstanceNorm2d(int numFeatures, float eps = 1e-5f, bool affine = false) : base([numFeatures], eps, affine)
        => NumFeatures = numFeatures;

    /// <summary>Number of channels.</summary>
    public int NumFeatures { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, C, H, W] with C = <see cref="NumFeatures"/>.</exception>
    public override Tensor Forward(Tensor x)
    {
        CheckChannels(x, NumFeatures, 4);
        return Functional.InstanceNorm(x, Weight, Bias, Eps);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{NumFeatures}, eps={Eps}, affine={Affine}";
}
