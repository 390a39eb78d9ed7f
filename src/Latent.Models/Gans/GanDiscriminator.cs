using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// A GAN discriminator (or WGAN critic) split in two: <see cref="Features"/> up to an intermediate layer (what feature
/// matching compares) and <see cref="Head"/> from there to one raw score per sample.
/// </summary>
public abstract class GanDiscriminator : Module
{
    /// <summary>The number of classes it is conditioned on, or 0 for an unconditional discriminator.</summary>
    public int Classes { get; protected init; }

    /// <summary>The intermediate features of a batch: [N, ...].</summary>
    /// <param name="x">Samples shaped as the generator produces them.</param>
    /// <param name="labels">Class labels for a conditional discriminator, else null.</param>
    public abstract Tensor Features(Tensor x, int[]? labels = null);

    /// <summary>Scores [N] from <see cref="Features"/>.</summary>
    public abstract Tensor Head(Tensor features, int[]? labels = null);

    /// <summary>Raw scores [N] (logits for the cross-entropy losses, critic values for WGAN).</summary>
    public Tensor Score(Tensor x, int[]? labels = null) => Head(Features(x, labels), labels);

    /// <summary>Unconditional scores [N]; conditional discriminators need <see cref="Score"/> with labels.</summary>
    public override Tensor Forward(Tensor x) => Score(x);

    /// <summary>Checks that labels are given exactly when the discriminator is conditional.</summary>
    /// <exception cref="ArgumentException">Labels are missing, unexpected, of the wrong count or out of range.</exception>
    protected void CheckLabels(int[]? labels, int batch) => LabelCheck.Require(GetType().Name, Classes, labels, batch);
}
