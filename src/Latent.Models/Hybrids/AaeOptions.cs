using Latent.Models.Catalog;

namespace Latent.Models.Hybrids;

/// <summary>The distribution an adversarial autoencoder matches its codes to.</summary>
public enum AaePrior
{
    /// <summary>N(0, I) in <see cref="AaeOptions.LatentDim"/> dimensions.</summary>
    Gaussian,

    /// <summary>A 2-D mixture of 10 Gaussians, one per class (<see cref="GaussianMixtureCodePrior"/>).</summary>
    [OptionValue("mixture", "gmm")]
    Mixture,

    /// <summary>The 2-D swiss roll cut into 10 stretches, one per class (<see cref="SwissRollCodePrior"/>).</summary>
    [OptionValue("swiss-roll", "swissroll")]
    SwissRoll,
}

/// <summary>
/// The options of an adversarial autoencoder: networks, code size and prior, how many training images show their
/// label to the discriminator, and the learning rates of its three updates.
/// </summary>
public sealed record AaeOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 100, as in Makhzani et al.</summary>
    public AaeOptions() => BatchSize = 100;

    /// <summary>The prior the codes are matched to.</summary>
    [Option("prior", "prior of the codes: gaussian, mixture (10 Gaussians, one per class) or swiss-roll")]
    public AaePrior Prior { get; init; } = AaePrior.Gaussian;

    /// <summary>The code size (the mixture and the swiss roll are 2-D).</summary>
    [Option("latent-dim", "size of the code (2 for the mixture and swiss-roll priors)")]
    public int LatentDim { get; init; } = 2;

    /// <summary>Hidden sizes of the encoder from input to code (the decoder mirrors them).</summary>
    [Option("hidden", "hidden sizes of the encoder, comma-separated (the decoder mirrors them)")]
    public int[] Hidden { get; init; } = [512, 512];

    /// <summary>Hidden sizes of the discriminator on codes.</summary>
    [Option("d-hidden", "hidden sizes of the discriminator on codes, comma-separated")]
    public int[] DiscriminatorHidden { get; init; } = [256, 256];

    /// <summary>
    /// How many training images (the first ones) show their label to the discriminator, which then wants each of their
    /// codes in the prior's part for that label; null: all of them when the prior has parts; 0: unsupervised.
    /// </summary>
    [Option("labelled", "training images whose label picks their code's part of the prior (default: all, for mixture and swiss-roll; 0: unsupervised)")]
    public int? Labelled { get; init; }

    /// <summary>
    /// Learning rate of the discriminator; null: 2e-4 for the gaussian prior, 1e-3 for the priors with parts (which
    /// need a stronger pull to sort the classes into their parts; with 2e-4 they stay mixed after 1,500 steps).
    /// </summary>
    [Option("d-lr", "learning rate of the discriminator (default: 2e-4 for gaussian, 1e-3 for mixture and swiss-roll)")]
    public double? DiscriminatorLearningRate { get; init; }

    /// <summary>
    /// Learning rate of the encoder's adversarial (regularization) update; null: 5e-4 for the gaussian prior (at 1e-3
    /// its codes collapsed onto a curve), 1e-3 for the priors with parts.
    /// </summary>
    [Option("g-lr", "learning rate of the encoder's adversarial update (default: 5e-4 for gaussian, 1e-3 for mixture and swiss-roll)")]
    public double? GeneratorLearningRate { get; init; }

    /// <summary>The discriminator's learning rate after defaults.</summary>
    public double DiscriminatorRate => DiscriminatorLearningRate ?? (Prior == AaePrior.Gaussian ? 2e-4 : 1e-3);

    /// <summary>The encoder's adversarial learning rate after defaults.</summary>
    public double GeneratorRate => GeneratorLearningRate ?? (Prior == AaePrior.Gaussian ? 5e-4 : 1e-3);

    /// <summary>Whether this configuration conditions the discriminator on labels.</summary>
    public bool Supervised => Prior != AaePrior.Gaussian && Labelled is not 0;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LatentDim > 0, $"Option --latent-dim must be positive, got {LatentDim}.");
        Require(Prior == AaePrior.Gaussian || LatentDim == 2,
            $"Option --prior {OptionChoices.Name(Prior)} is 2-D: pass --latent-dim 2 (got {LatentDim}).");
        Require(Hidden.Length > 0 && Hidden.All(h => h > 0), $"Option --hidden needs positive sizes, got [{string.Join(",", Hidden)}].");
        Require(DiscriminatorHidden.Length > 0 && DiscriminatorHidden.All(h => h > 0),
            $"Option --d-hidden needs positive sizes, got [{string.Join(",", DiscriminatorHidden)}].");
        Require(Labelled is null or >= 0, $"Option --labelled must not be negative, got {Labelled}.");
        Require(Prior != AaePrior.Gaussian || Labelled is null or 0, "Option --labelled needs a prior with one part per class (mixture or swiss-roll); the gaussian prior has none.");
        Require(DiscriminatorLearningRate is null or > 0, $"Option --d-lr must be positive, got {DiscriminatorLearningRate}.");
        Require(GeneratorLearningRate is null or > 0, $"Option --g-lr must be positive, got {GeneratorLearningRate}.");
    }

    /// <summary>The prior these options describe, with one part per class of a <paramref name="classes"/>-class dataset.</summary>
    public CodePrior CreatePrior(int classes = 10) => Prior switch
    {
        AaePrior.Mixture => new GaussianMixtureCodePrior(classes),
        AaePrior.SwissRoll => new SwissRollCodePrior(classes),
        _ => new GaussianCodePrior(LatentDim),
    };
}
