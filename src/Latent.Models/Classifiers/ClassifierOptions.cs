using Latent.Models.Catalog;

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

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Hidden.Length > 0 && Hidden.All(h => h > 0), $"Option --hidden must list positive sizes, got [{string.Join(", ", Hidden)}].");
    }
}
