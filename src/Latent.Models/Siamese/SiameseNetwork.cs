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
    /// <summary>
    /// Builds the embedding of images <paramref name="imageShape"/> [C, H, W] into <paramref name="embeddingDim"/>
    /// numbers: one block conv3×3 → batch norm → ReLU → max-pool 2 per entry of <paramref name="channels"/> (default
    /// 16, 32), then a hidden layer of <paramref name="hidden"/> units and the linear output.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [C, H, W], or too small for one pixel to survive the pooling.</exception>
    public SiameseNetwork(int[] imageShape, int embeddingDim, Generator gen, int[]? channels = null, int hidden = 128)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        channels ??= [16, 32];
        int pooled = 1 << channels.Length;
        if (imageShape.Length != 3 || imageShape[1] < pooled || imageShape[2] < pooled)
            throw new ArgumentException($"The Siamese embedding with {channels.Length} pooling blocks needs images [C, H, W] of at least {pooled}x{pooled}, got [{string.Join(", ", imageShape)}].", nameof(imageShape));
        if (channels.Length == 0 || channels.Any(c => c < 1)) throw new ArgumentException($"The Siamese embedding needs positive channel counts, got [{string.Join(", ", channels)}].", nameof(channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        InputShape = (int[])imageShape.Clone();
        EmbeddingDim = embeddingDim;
        var layers = new List<Module>();
        int inChannels = imageShape[0], height = imageShape[1], width = imageShape[2];
        foreach (int c in channels)
        {
            layers.AddRange([new Conv2d(inChannels, c, 3, gen, padding: 1), new BatchNorm2d(c), new Relu(), new MaxPool2d(2)]);
            (inChannels, height, width) = (c, height / 2, width / 2);
        }
        layers.AddRange([new Flatten(), new Linear(inChannels * height * width, hidden, gen), new Relu(), new Linear(hidden, embeddingDim, gen)]);
        Embedding = RegisterModule("embedding", new Sequential([.. layers]));
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
