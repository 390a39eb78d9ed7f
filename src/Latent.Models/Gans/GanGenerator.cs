using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>A GAN generator: maps latent codes z [N, LatentDim] (and class labels when conditional) to samples.</summary>
public abstract class GanGenerator : Module
{
    /// <summary>The size of the latent code.</summary>
    public int LatentDim { get; protected init; }

    /// <summary>The number of classes it is conditioned on, or 0 for an unconditional generator.</summary>
    public int Classes { get; protected init; }

    /// <summary>The shape of one sample, e.g. [2] for toy data or [1, 28, 28] for images.</summary>
    public abstract int[] SampleShape { get; }

    /// <summary>Samples [N, ...SampleShape] from latent codes [N, LatentDim].</summary>
    /// <param name="z">Latent codes.</param>
    /// <param name="labels">Class labels for a conditional generator, else null.</param>
    public abstract Tensor Generate(Tensor z, int[]? labels = null);

    /// <summary>Unconditional generation; conditional generators need <see cref="Generate"/> with labels.</summary>
    public override Tensor Forward(Tensor z) => Generate(z);

    /// <summary>Draws latent codes z ~ N(0, I) of shape [n, LatentDim].</summary>
    public Tensor SampleLatent(int n, Generator gen) => Tensor.Randn([n, LatentDim], gen);

    /// <summary>Checks z's shape and that labels are given exactly when the generator is conditional.</summary>
    /// <exception cref="ArgumentException">z is not [N, LatentDim] or the labels do not fit.</exception>
    protected void CheckInput(Tensor z, int[]? labels)
    {
        if (z.Rank != 2 || z.Shape[1] != LatentDim)
            throw new ArgumentException($"{GetType().Name}: expected latent codes [N, {LatentDim}], got {Common.ShapeText.Format(z.Shape)}.", nameof(z));
        LabelCheck.Require(GetType().Name, Classes, labels, z.Shape[0]);
    }
}
