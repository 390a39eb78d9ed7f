using Latent.Data;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// The data of a classical model as its options name it: loaders of examples in the data's own space (images
/// [N, 1, 28, 28] in [0, 1] or toy points [N, 2]) and the <see cref="ClassicalFeatures"/> that maps them to the
/// coordinates the model works in.
/// </summary>
/// <param name="Train">Shuffled training batches (order from generator stream 1).</param>
/// <param name="Test">Held-out batches in order.</param>
/// <param name="Features">The map from examples to model coordinates (PCA for images, identity for toy points).</param>
/// <param name="TrainCount">The number of training examples (one epoch).</param>
/// <param name="Classes">The number of classes (toy sets: their modes, moons or circles).</param>
/// <param name="ClassNames">Names of the classes, when the data has them.</param>
/// <param name="Preview">Up to 2,000 training examples for pictures.</param>
/// <param name="PreviewLabels">Their labels.</param>
public sealed record ClassicalData(DataLoader Train, DataLoader Test, ClassicalFeatures Features, int TrainCount, int Classes,
    IReadOnlyList<string>? ClassNames, Tensor Preview, int[] PreviewLabels)
{
    /// <summary>Loads what <paramref name="options"/> name; images are reduced to <see cref="ClassicalDataOptions.PcaDim"/> components fitted on the training split.</summary>
    /// <exception cref="ArgumentException">The data name is not known.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static ClassicalData Load(ClassicalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string name = options.Data.Trim().ToLowerInvariant();
        if (name == "fashion-mnist")
        {
            var images = FashionMnistData.Load(options);
            int previewCount = Math.Min(2000, images.Train.Count);
            var preview = images.Train.ToTensor(0, previewCount);
            var previewLabels = images.Train.Labels[..previewCount].ToArray();
            int d = images.Train.ImageSize;
            ClassicalFeatures features = options.PcaDim == 0 || options.PcaDim >= d
                ? ClassicalFeatures.Identity(images.ImageShape, isImage: true)
                : ClassicalFeatures.Principal(PcaSubspace.Fit(images.Train.ToTensor(), options.PcaDim), images.ImageShape);
            return new ClassicalData(images.TrainLoader, images.TestLoader, features, images.Train.Count, images.Train.ClassNames.Count,
                images.Train.ClassNames, preview, previewLabels);
        }
        if (!name.StartsWith("toy:", StringComparison.Ordinal))
            throw new ArgumentException($"Unknown data '{options.Data}'; expected fashion-mnist or {ToyDistributions.Names}.");
        var train = ToyDistributions.ByName(name, options.ToySamples, options.NewGenerator(3));
        var test = ToyDistributions.ByName(name, Math.Max(1, options.ToySamples / 2), options.NewGenerator(4));
        int classes = train.Labels == null ? 1 : train.Labels.Max() + 1;
        var trainLabels = train.Labels ?? new int[train.Count];
        var testLabels = test.Labels ?? new int[test.Count];
        var trainLoader = new DataLoader(train.Points, trainLabels, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var testLoader = new DataLoader(test.Points, testLabels, 5000, shuffle: false);
        int shown = Math.Min(2000, train.Count);
        return new ClassicalData(trainLoader, testLoader, ClassicalFeatures.Identity([2], isImage: false), train.Count, classes, null,
            train.Points.Narrow(0, 0, shown), trainLabels[..shown]);
    }

}

/// <summary>
/// The map between examples in the data's space and the coordinates a classical model works in: the identity, or
/// the principal components of a <see cref="PcaSubspace"/> with the log-density of each example's residual, so that a
/// density on the coordinates stays an exact density on the examples.
/// </summary>
public sealed class ClassicalFeatures
{
    private ClassicalFeatures(PcaSubspace? subspace, int[] exampleShape, bool isImage)
    {
        Subspace = subspace;
        ExampleShape = exampleShape;
        IsImage = isImage;
    }

    /// <summary>The coordinates are the examples' values themselves.</summary>
    public static ClassicalFeatures Identity(int[] exampleShape, bool isImage) => new(null, (int[])exampleShape.Clone(), isImage);

    /// <summary>The coordinates are the principal components of <paramref name="subspace"/>; examples are images.</summary>
    public static ClassicalFeatures Principal(PcaSubspace subspace, int[] exampleShape)
        => new(subspace ?? throw new ArgumentNullException(nameof(subspace)), (int[])exampleShape.Clone(), isImage: true);

    /// <summary>The PCA front end, or null for the identity.</summary>
    public PcaSubspace? Subspace { get; }

    /// <summary>The shape of one example, e.g. [1, 28, 28] or [2].</summary>
    public int[] ExampleShape { get; }

    /// <summary>Whether examples are images in [0, 1] (samples are clamped to that range).</summary>
    public bool IsImage { get; }

    /// <summary>The number of coordinates.</summary>
    public int Dimension => Subspace?.Components ?? ExampleShape.Aggregate(1, (a, b) => a * b);

    /// <summary>The coordinates of each example of <paramref name="x"/> [N, ...] and the log-density of what they leave out (0 for the identity).</summary>
    public (double[][] Coordinates, double[] ResidualLogDensity) Map(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Subspace != null) return Subspace.Project(x);
        var rows = ClassicalRows.FromTensor(x);
        if (rows[0].Length != Dimension) throw new ArgumentException($"Examples of {rows[0].Length} values, the model has {Dimension}.", nameof(x));
        return (rows, new double[rows.Length]);
    }

    /// <summary>Examples [N, ...ExampleShape] for coordinates <paramref name="z"/>: points of the subspace, clamped to [0, 1] for images.</summary>
    public Tensor ToExamples(IReadOnlyList<double[]> z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var rows = Subspace != null ? Subspace.Reconstruct(z) : ClassicalRows.ToTensor(z);
        var result = rows.Reshape([z.Count, .. ExampleShape]);
        return IsImage ? result.Clamp(0f, 1f) : result;
    }
}
