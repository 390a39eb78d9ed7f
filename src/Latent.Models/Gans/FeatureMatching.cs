using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Feature matching (Salimans et al. 2016): the generator minimizes ‖E f(x) − E f(G(z))‖₂², the squared distance
/// between the batch means of an intermediate discriminator layer f on real and generated data.
/// </summary>
public static class FeatureMatching
{
    /// <summary>The loss from features [N, ...] of a real and a generated batch; the real side is treated as a constant.</summary>
    /// <exception cref="ArgumentException">The features differ in shape beyond the batch axis.</exception>
    public static Tensor Loss(Tensor realFeatures, Tensor fakeFeatures)
    {
        if (!realFeatures.Shape.AsSpan(1).SequenceEqual(fakeFeatures.Shape.AsSpan(1)))
            throw new ArgumentException($"FeatureMatching: real features {Common.ShapeText.Format(realFeatures.Shape)} and fake features {Common.ShapeText.Format(fakeFeatures.Shape)} differ.");
        var realMean = realFeatures.Detach().Mean(0);
        return (realMean - fakeFeatures.Mean(0)).Square().Sum();
    }
}
