using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Shared shape of the normalization layers: an epsilon added to the variance and an optional learned affine
/// transform (weight initialized to ones, bias to zeros) registered as "weight" and "bias".
/// </summary>
public abstract class NormalizationLayer : Module
{
    /// <summary>Registers the affine parameters of shape <paramref name="affineShape"/> when <paramref name="affine"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative.</exception>
    protected NormalizationLayer(int[] affineShape, float eps, bool affine)
    {
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), $"{GetType().Name}: eps must be non-negative, got {eps}.");
        Eps = eps;
        Affine = affine;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones(affineShape));
            RegisterParameter("bias", Tensor.Zeros(affineShape));
        }
    }

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <summary>Whether a learned scale and shift follow the normalization.</summary>
    public bool Affine { get; }

    /// <summary>The learned scale, or null without affine.</summary>
    public Tensor? Weight => Affine ? Get("weight") : null;

    /// <summary>The learned shift, or null without affine.</summary>
    public Tensor? Bias => Affine ? Get("bias") : null;

    /// <summary>Throws unless <paramref name="x"/> has one of <paramref name="ranks"/> and <paramref name="channels"/> channels on axis 1.</summary>
    protected void CheckChannels(Tensor x, int channels, params int[] ranks)
    {
        if (!ranks.Contains(x.Rank) || x.Shape[1] != channels)
        {
            string expected = string.Join(" or ", ranks.Select(r => r switch
            {
                2 => $"[N, {channels}]",
                3 => $"[N, {channels}, L]",
                4 => $"[N, {channels}, H, W]",
                _ => $"[N, {channels}, …] of rank {r}",
            }));
            throw new ArgumentException($"{GetType().Name}: expected input {expected}, got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        }
    }
}
