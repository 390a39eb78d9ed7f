using Latent.Models.Catalog;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>How a conditional GAN feeds class labels into its networks.</summary>
public enum LabelEncoding
{
    /// <summary>A one-hot vector of length K.</summary>
    [OptionValue("one-hot", "onehot")]
    OneHot,

    /// <summary>A learned embedding vector.</summary>
    Embedding,
}

/// <summary>Turns class labels into vectors [N, Dim] for a conditional generator or discriminator.</summary>
public sealed class LabelEncoder : Module
{
    private readonly Embedding? _embedding;

    /// <summary>Creates an encoder for <paramref name="classes"/> classes.</summary>
    /// <param name="classes">The number of classes K.</param>
    /// <param name="encoding">One-hot (Dim = K) or a learned embedding (Dim = <paramref name="embeddingDim"/>).</param>
    /// <param name="embeddingDim">The embedding size; used only with <see cref="LabelEncoding.Embedding"/>.</param>
    /// <param name="gen">Initializes the embedding.</param>
    public LabelEncoder(int classes, LabelEncoding encoding, int embeddingDim, Generator gen)
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), $"LabelEncoder: classes must be positive, got {classes}.");
        Classes = classes;
        Encoding = encoding;
        if (encoding == LabelEncoding.Embedding)
        {
            if (embeddingDim <= 0) throw new ArgumentOutOfRangeException(nameof(embeddingDim), $"LabelEncoder: embeddingDim must be positive, got {embeddingDim}.");
            _embedding = RegisterModule("embedding", new Embedding(classes, embeddingDim, gen));
        }
        Dim = encoding == LabelEncoding.OneHot ? classes : embeddingDim;
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The encoding.</summary>
    public LabelEncoding Encoding { get; }

    /// <summary>The length of each label vector.</summary>
    public int Dim { get; }

    /// <summary>Label vectors [N, Dim].</summary>
    public Tensor Encode(int[] labels) => _embedding != null ? _embedding.Forward(labels) : OneHot(labels, Classes);

    /// <summary>Not used: call <see cref="Encode"/> with integer labels.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("LabelEncoder: call Encode(int[] labels).");

    /// <summary>One-hot rows [N, classes] for integer labels.</summary>
    public static Tensor OneHot(int[] labels, int classes)
    {
        var t = Tensor.Zeros(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++) t.Data[i * classes + labels[i]] = 1f;
        return t;
    }
}
