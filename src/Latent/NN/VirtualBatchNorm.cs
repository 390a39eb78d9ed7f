using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Virtual batch normalization (Salimans et al., 2016, "Improved techniques for training GANs"): each sample is
/// normalized with statistics of a reference batch fixed at the start of training, combined with the sample itself,
/// so that a sample's output does not depend on the other samples of its minibatch.
/// </summary>
/// <remarks>
/// The first call to <see cref="Forward"/> (or the first after <see cref="ResetReference"/>) takes its input as the
/// reference batch: it stores the per-channel mean and mean of squares over the batch and spatial axes as buffers
/// (saved in the state dict) and normalizes that batch with them. Every later call normalizes sample i with
/// mean = α·mean(xᵢ) + (1 − α)·μ_ref and E[x²] likewise, where α = 1/(n_ref + 1) and the sample statistics are over its
/// spatial axes. Pass the reference batch through the whole network once, before training, to fix every layer's
/// reference.
/// </remarks>
public sealed class VirtualBatchNorm : NormalizationLayer
{
    /// <summary>Creates the layer for inputs [N, C], [N, C, L] or [N, C, H, W].</summary>
    /// <param name="numFeatures">Number of channels C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    public VirtualBatchNorm(int numFeatures, float eps = 1e-5f, bool affine = true) : base([numFeatures], eps, affine)
    {
        NumFeatures = numFeatures;
        RegisterBuffer("reference_mean", Tensor.Zeros(numFeatures));
        RegisterBuffer("reference_mean_sq", Tensor.Ones(numFeatures));
        RegisterBuffer("reference_count", Tensor.Zeros(1));
    }

    /// <summary>Number of channels.</summary>
    public int NumFeatures { get; }

    /// <summary>Whether the reference statistics have been captured.</summary>
    public bool HasReference => ReferenceCount > 0;

    /// <summary>The number of samples in the reference batch (0 before it is captured).</summary>
    public int ReferenceCount => (int)Get("reference_count").Data[0];

    /// <summary>Forgets the reference statistics: the next <see cref="Forward"/> captures a new reference batch.</summary>
    public void ResetReference() => Get("reference_count").Data[0] = 0;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, C, *] with C = <see cref="NumFeatures"/>, or a reference batch has a single value per channel.</exception>
    public override Tensor Forward(Tensor x)
    {
        CheckChannels(x, NumFeatures, 2, 3, 4);
        var spatial = Functional.AxesExcept(x.Rank, 0, 1);
        Tensor mean, meanSq;
        if (!HasReference)
        {
            if (x.Size / NumFeatures < 2)
                throw new ArgumentException($"VirtualBatchNorm: the reference batch needs more than one value per channel, got {ShapeUtil.Format(x.Shape)}.", nameof(x));
            var axes = Functional.AxesExcept(x.Rank, 1);
            mean = x.Mean(axes, keepDim: true);
            meanSq = x.Square().Mean(axes, keepDim: true);
            mean.Data.CopyTo(Get("reference_mean").Data);
            meanSq.Data.CopyTo(Get("reference_mean_sq").Data);
            Get("reference_count").Data[0] = x.Shape[0];
        }
        else
        {
            float alpha = 1f / (ReferenceCount + 1);
            var sampleMean = spatial.Length == 0 ? x : x.Mean(spatial, keepDim: true);
            var sampleMeanSq = spatial.Length == 0 ? x.Square() : x.Square().Mean(spatial, keepDim: true);
            mean = alpha * sampleMean + (1 - alpha) * Functional.PerChannel(Get("reference_mean"), x.Rank);
            meanSq = alpha * sampleMeanSq + (1 - alpha) * Functional.PerChannel(Get("reference_mean_sq"), x.Rank);
        }
        var variance = (meanSq - mean.Square()).Maximum(0f);
        return Functional.ChannelAffine(Functional.Standardize(x, mean, variance, Eps), Weight, Bias);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{NumFeatures}, eps={Eps}, affine={Affine}, reference={ReferenceCount}";
}
