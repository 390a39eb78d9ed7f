using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>What the generator minimizes in its step; a new objective (InfoGAN's, say) is a new implementation.</summary>
public interface IGeneratorObjective
{
    /// <summary>Checks that the objective can work with this discriminator.</summary>
    /// <exception cref="ArgumentException">It cannot.</exception>
    void Check(GanDiscriminator discriminator) { }

    /// <summary>The generator's loss for this step (<see cref="GanBatch.Fake"/> is attached to the generator's graph).</summary>
    Tensor Loss(GanDiscriminator discriminator, GanBatch batch);
}

/// <summary>The adversarial generator loss of a <see cref="GanLossKind"/> on the discriminator's scores of the fakes.</summary>
/// <param name="loss">The objective.</param>
public sealed class AdversarialObjective(GanLossKind loss) : IGeneratorObjective
{
    /// <inheritdoc />
    public Tensor Loss(GanDiscriminator discriminator, GanBatch batch) => GanLosses.Generator(loss, discriminator.Score(batch.Fake, batch.Labels));
}

/// <summary>Feature matching: the generator matches the batch means of the discriminator's features (see <see cref="FeatureMatching"/>).</summary>
public sealed class FeatureMatchingObjective : IGeneratorObjective
{
    /// <inheritdoc />
    public Tensor Loss(GanDiscriminator discriminator, GanBatch batch)
        => FeatureMatching.Loss(discriminator.Features(batch.Real, batch.Labels), discriminator.Features(batch.Fake, batch.Labels));
}

/// <summary>The unrolled objective: the generator loss after k differentiable discriminator steps (see <see cref="UnrolledObjective"/>).</summary>
/// <param name="loss">The adversarial objective.</param>
/// <param name="steps">k.</param>
/// <param name="learningRate">η of the unrolled steps.</param>
/// <param name="realTarget">The real target of the discriminator loss.</param>
public sealed class UnrolledGeneratorObjective(GanLossKind loss, int steps, float learningRate, float realTarget) : IGeneratorObjective
{
    /// <inheritdoc />
    public void Check(GanDiscriminator discriminator)
    {
        if (discriminator is not MlpDiscriminator)
            throw new ArgumentException("GanModel: unrolled training needs an MlpDiscriminator (evaluated functionally at the look-ahead weights).");
    }

    /// <inheritdoc />
    public Tensor Loss(GanDiscriminator discriminator, GanBatch batch)
        => UnrolledObjective.GeneratorLoss((MlpDiscriminator)discriminator, loss, batch.Real, batch.Fake, steps, learningRate, batch.Labels, realTarget);
}
