using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// A frozen network that maps images to feature vectors: what FID, KID and precision/recall compare. Implemented by
/// the Fashion-MNIST classifier (its penultimate layer) and by the ResNet-18 imported from ONNX.
/// </summary>
public interface IFeatureNetwork
{
    /// <summary>The name used with <c>latent eval --features</c> and stored in <c>eval.json</c>, e.g. "fmnist-cnn".</summary>
    string Name { get; }

    /// <summary>The length D of a feature vector.</summary>
    int FeatureDim { get; }

    /// <summary>The features [N, D] of images [N, C, H, W] in [0, 1], computed without a graph and in evaluation mode.</summary>
    Tensor Features(Tensor images);
}

/// <summary>A feature network that is also a classifier: its posteriors give the Inception Score and the accuracy on conditional samples.</summary>
public interface IClassifierNetwork : IFeatureNetwork
{
    /// <summary>The number of classes K.</summary>
    int Classes { get; }

    /// <summary>The features [N, D] and the class posteriors [N, K] (rows sum to 1) of images [N, C, H, W] in [0, 1], from one forward pass.</summary>
    (Tensor Features, Tensor Probabilities) FeaturesAndProbabilities(Tensor images);
}

/// <summary>Runs a feature network over many images in batches, so memory stays bounded.</summary>
public static class FeatureExtraction
{
    /// <summary>The features [N, D] of <paramref name="images"/> [N, ...], <paramref name="batchSize"/> images at a time.</summary>
    public static Tensor Features(IFeatureNetwork network, Tensor images, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var _ = Autograd.NoGrad();
        var parts = new List<Tensor>();
        for (int start = 0; start < images.Shape[0]; start += batchSize)
            parts.Add(network.Features(images.Narrow(0, start, Math.Min(batchSize, images.Shape[0] - start))));
        return Tensor.Concat([.. parts], 0);
    }

    /// <summary>Features [N, D] and posteriors [N, K] of <paramref name="images"/>, <paramref name="batchSize"/> images at a time.</summary>
    public static (Tensor Features, Tensor Probabilities) FeaturesAndProbabilities(IClassifierNetwork network, Tensor images, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var _ = Autograd.NoGrad();
        var features = new List<Tensor>();
        var probabilities = new List<Tensor>();
        for (int start = 0; start < images.Shape[0]; start += batchSize)
        {
            var (f, p) = network.FeaturesAndProbabilities(images.Narrow(0, start, Math.Min(batchSize, images.Shape[0] - start)));
            features.Add(f);
            probabilities.Add(p);
        }
        return (Tensor.Concat([.. features], 0), Tensor.Concat([.. probabilities], 0));
    }
}
