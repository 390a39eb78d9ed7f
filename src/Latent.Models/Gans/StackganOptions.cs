using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>
/// StackGAN on Fashion-MNIST (Zhang et al. 2017) with class labels in place of text: stage I draws 14×14 images from
/// noise and a conditioning-augmented class embedding, stage II refines them to 28×28, conditioned again.
/// </summary>
public sealed record StackganOptions : ModelOptions
{
    /// <summary>Adam 2e-4 with β₁ = 0.5, batches of 64.</summary>
    public StackganOptions() => LearningRate = 2e-4;

    /// <summary>The size of z.</summary>
    [Option("latent-dim", "size of z")]
    public int LatentDim { get; init; } = 64;

    /// <summary>The size of the learned class embedding φ.</summary>
    [Option("embedding-dim", "size of the learned class embedding")]
    public int EmbeddingDim { get; init; } = 32;

    /// <summary>The size of the augmented condition ĉ.</summary>
    [Option("condition-dim", "size of the conditioning-augmented condition c")]
    public int ConditionDim { get; init; } = 16;

    /// <summary>λ of the conditioning-augmentation KL term in the generators' losses (1 in the paper).</summary>
    [Option("kl-weight", "weight of the conditioning-augmentation KL term")]
    public double KlWeight { get; init; } = 1;

    /// <summary>Adam's β₁.</summary>
    [Option("beta1", "Adam beta1")]
    public double Beta1 { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LatentDim >= 1 && EmbeddingDim >= 1 && ConditionDim >= 1,
            $"Options --latent-dim ({LatentDim}), --embedding-dim ({EmbeddingDim}) and --condition-dim ({ConditionDim}) must be positive.");
        Require(KlWeight >= 0, $"Option --kl-weight must not be negative, got {KlWeight}.");
    }
}
