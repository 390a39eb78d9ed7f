using Latent.Models.Catalog;
using Latent.Models.Common.Adversarial;

namespace Latent.Models.Classifiers;

/// <summary>The network of an image classifier.</summary>
public enum ClassifierArchitecture
{
    /// <summary>Softmax regression: one linear layer from the pixels to the class scores.</summary>
    Linear,

    /// <summary>An MLP with the hidden sizes of <see cref="ClassifierOptions.Hidden"/> and ReLU.</summary>
    Mlp,

    /// <summary>Two 3 × 3 convolutions (16 and 32 channels) with batch norm, ReLU and 2 × 2 max pooling, then a 128-unit layer (the feature network of <c>latent eval</c>).</summary>
    Cnn,
}

/// <summary>How a classifier is trained against adversarial examples (F40).</summary>
public enum AdversarialTraining
{
    /// <summary>Plain training on the data.</summary>
    None,

    /// <summary>Each batch is replaced by its FGSM examples: one signed step of δ.</summary>
    Fgsm,

    /// <summary>Each batch is replaced by its PGD examples: J signed steps of ε₂ from a random point of the δ-ball, projected on it.</summary>
    Pgd,
}

/// <summary>
/// The options of a Fashion-MNIST classifier (F11): the network and, for the MLP, its hidden sizes. The family's
/// defaults train the CNN for 4 epochs with Adam 1e-3 in batches of 128 (test accuracy ≈ 0.92).
/// </summary>
public sealed record ClassifierOptions : ModelOptions
{
    /// <summary>The family's defaults: 4 epochs in batches of 128.</summary>
    public ClassifierOptions()
    {
        Epochs = 4;
        BatchSize = 128;
    }

    /// <summary>The network.</summary>
    [Option("arch", "network: linear (softmax regression), mlp or cnn")]
    public ClassifierArchitecture Architecture { get; init; } = ClassifierArchitecture.Cnn;

    /// <summary>The MLP's hidden sizes (ignored by the other networks).</summary>
    [Option("hidden", "MLP hidden sizes, comma-separated")]
    public int[] Hidden { get; init; } = [256];

    /// <summary>Adversarial training: the min-max game of the lectures, θ updated on the adversary's z_J instead of x.</summary>
    [Option("adversarial", "adversarial training: none, fgsm (one step of delta) or pgd (J projected steps)")]
    public AdversarialTraining Adversarial { get; init; } = AdversarialTraining.None;

    /// <summary>δ: the L∞ radius of the training adversary, in pixel units of [0, 1].</summary>
    [Option("adv-eps", "delta: the L-infinity radius of the training adversary (pixels in [0, 1])")]
    public double AdvEps { get; init; } = 0.1;

    /// <summary>J: the inner steps of the PGD adversary (FGSM takes one).</summary>
    [Option("adv-steps", "J: inner steps of the pgd adversary")]
    public int AdvSteps { get; init; } = 7;

    /// <summary>ε₂: the size of one inner step; null takes δ for FGSM and 2.5·δ/J for PGD.</summary>
    [Option("adv-step-size", "epsilon2: size of one inner step (default: delta for fgsm, 2.5*delta/J for pgd)")]
    public double? AdvStepSize { get; init; }

    /// <summary>The training adversary these options describe, or null for plain training.</summary>
    public SignGradientAttack? Adversary() => Adversarial switch
    {
        AdversarialTraining.Fgsm => new SignGradientAttack((float)AdvEps, (float)(AdvStepSize ?? AdvEps), 1),
        AdversarialTraining.Pgd => SignGradientAttack.Pgd((float)AdvEps, AdvSteps, (float?)AdvStepSize, randomStart: true),
        _ => null,
    };

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(AdvEps >= 0 && AdvEps <= 1, $"Option --adv-eps must lie in [0, 1], got {AdvEps}.");
        Require(AdvSteps >= 1, $"Option --adv-steps must be at least 1, got {AdvSteps}.");
        Require(AdvStepSize is null or >= 0, $"Option --adv-step-size must not be negative, got {AdvStepSize}.");
        Require(Hidden.Length > 0 && Hidden.All(h => h > 0), $"Option --hidden must list positive sizes, got [{string.Join(", ", Hidden)}].");
    }
}
