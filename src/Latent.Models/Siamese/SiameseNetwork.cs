using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// The shared-weight twin of a Siamese network: one convolutional embedding applied to both inputs of a pair
/// (Bromley et al. 1993; Koch et al. 2015), and the weights α and bias b of Koch's weighted L1 similarity, used by
/// that loss only.
/// </summary>
public sealed class SiameseNetwork : Module
{
    /// <summary>Builds the embedding of images <paramref name="imageShape"/> [C, H, W] into <paramref name="embeddingDim"/> numbers.</summary>
    /// <exception cref="ArgumentException">The images are not [C, H, W] with H and W divisible by 4.</exception>
    public SiameseNetwork(int[] imageShape, int embeddingDim, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        if (imageShape.Length != 3 || imageShape[1] % 4 != 0 || imageShape[2] % 4 != 0)
            throw new ArgumentException($"The Siamese embedding needs images [C, H, W] with H and W divisible by 4, got [{string.Join(", ", imageShape)}].", nameof(imageShape));
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 2);
        InputShape = (int[])imageShape.Clone();
        EmbeddingDim = embeddingDim;
        Embedding = RegisterModule("embedding", new Sequential(
            new Conv2d(imageShape[0], 16, 3, gen, padding: 1), new BatchNorm2d(16), new Relu(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, gen, padding: 1), new BatchNorm2d(32), new Relu(), new MaxPool2d(2),
            new Flatten(),
            new Linear(32 * (imageShape[1] / 4) * (imageShape[2] / 4), 128, gen), new Relu(),
            new Linear(128, embeddingDim, gen)));
        // Koch's head starts as "nearer is more alike": equal negative weights and a positive bias.
        L1Weight = RegisterParameter("l1_weight", Tensor.Full(-1f / MathF.Sqrt(embeddingDim), embeddingDim));
        L1Bias = RegisterParameter("l1_bias", Tensor.Ones(1));
    }

    /// <summary>The shape of one input.</summary>
    public int[] InputShape { get; }

    /// <summary>The width of the embedding.</summary>
    public int EmbeddingDim { get; }

    /// <summary>Images → embeddings.</summary>
    public Sequential Embedding { get; }

    /// <summary>The weights α [D] of Koch's weighted L1 similarity.</summary>
    public Tensor L1Weight { get; }

    /// <summary>The bias b [1] of Koch's weighted L1 similarity.</summary>
    public Tensor L1Bias { get; }

    /// <summary>The embeddings [B, D] of images [B, C, H, W].</summary>
    public override Tensor Forward(Tensor x) => Embedding.Forward(x);
}
