using Latent.Models.Catalog;

namespace Latent.Models.Hybrids;

/// <summary>
/// What the image-to-image translators (<see cref="Pix2PixOptions"/>, <see cref="CycleGanOptions"/>) share: Adam 2e-4
/// for the generators as in both papers, the PatchGAN discriminators' own learning rate, and how many test images
/// <c>Evaluate</c> scores.
/// </summary>
public abstract record ImageTranslationOptions : ModelOptions
{
    /// <summary>Adam 2e-4 (β₁ = 0.5 in the models) and <paramref name="evalSize"/> test images scored.</summary>
    protected ImageTranslationOptions(int evalSize)
    {
        LearningRate = 2e-4;
        EvalSize = evalSize;
    }

    /// <summary>Learning rate of the PatchGAN discriminator(s).</summary>
    [Option("d-lr", "learning rate of the PatchGAN discriminator(s)")]
    public double DiscriminatorLearningRate { get; init; } = 2e-4;

    /// <summary>Test images scored by <c>Evaluate</c> (the first ones; for CycleGAN, of each domain).</summary>
    [Option("eval-size", "test images scored after each epoch (for CycleGAN: per domain)")]
    public int EvalSize { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(DiscriminatorLearningRate > 0, $"Option --d-lr must be positive, got {DiscriminatorLearningRate}.");
        Require(EvalSize > 0, $"Option --eval-size must be positive, got {EvalSize}.");
    }
}
