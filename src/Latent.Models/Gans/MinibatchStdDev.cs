using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The minibatch standard-deviation feature (Karras et al. 2018): the standard deviation of every feature over the
/// batch, averaged into one number and appended to each sample as an extra feature (or an extra constant channel
/// for images), so the discriminator can see how varied a batch is.
/// </summary>
public sealed class MinibatchStdDev : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="eps">Added to the variance before the square root.</param>
    public MinibatchStdDev(float eps = 1e-8f) => Eps = eps;

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <summary>[N, F] → [N, F + 1], or [N, C, H, W] → [N, C + 1, H, W].</summary>
    /// <exception cref="ArgumentException">The input is not rank 2 or 4, or the batch has fewer than two samples.</exception>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank is not (2 or 4))
            throw new ArgumentException($"MinibatchStdDev: expected [N, F] or [N, C, H, W], got {Common.ShapeText.Format(x.Shape)}.", nameof(x));
        if (x.Shape[0] < 2)
            throw new ArgumentException($"MinibatchStdDev: needs at least two samples to measure spread, got {x.Shape[0]}.", nameof(x));
        var std = (x.Var([0], correction: 0) + Eps).Sqrt().Mean(); // scalar
        int[] featureShape = x.Rank == 2 ? [x.Shape[0], 1] : [x.Shape[0], 1, x.Shape[2], x.Shape[3]];
        return Tensor.Concat([x, std.Reshape(x.Rank == 2 ? [1, 1] : [1, 1, 1, 1]).Expand(featureShape)], 1);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"eps={Eps}";
}
