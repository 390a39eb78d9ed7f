using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Group normalization (Wu &amp; He, 2018) of [N, C, *]: channels are split into groups, each (sample, group) is
/// standardized, then a per-channel scale and shift are applied. Independent of the batch size.
/// </summary>
public sealed class GroupNorm : NormalizationLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numGroups">Number of groups; must divide <paramref name="numChannels"/>.</param>
    /// <param name="numChannels">Number of channels C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    /// <exception cref="ArgumentException">The groups do not divide the channels.</exception>
    public GroupNorm(int numGroups, int numChannels, float eps = 1e-5f, bool affine = true) : base([numChannels], eps, affine)
    {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: {numChannels} channels cannot be split into {numGroups} equal groups.");
        NumGroups = numGroups;
        NumChannels = numChannels;
    }

    /// <summary>Number of groups.</summary>
    public int NumGroups { get; }

    /// <summary>Number of channels.</summary>
    public int NumChannels { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, C, *] with C = <see cref="NumChannels"/>.</exception>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank < 2 || x.Shape[1] != NumChannels)
            throw new ArgumentException($"GroupNorm: expected input [N, {NumChannels}, *], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return Functional.GroupNorm(x, NumGroups, Weight, Bias, Eps);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"groups={NumGroups}, channels={NumChannels}, eps={Eps}, affine={Affine}";
}
