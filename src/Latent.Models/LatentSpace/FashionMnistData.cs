using Latent.Data;
using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Models.LatentSpace;

/// <summary>Fashion-MNIST prepared for an image model from a <see cref="ModelContext"/>: loaders and preview images.</summary>
/// <param name="Train">The training split (limited by "train-size" when set).</param>
/// <param name="Test">The test split.</param>
/// <param name="TrainLoader">Shuffled training batches of "batch-size", order drawn from the context's generator stream 1.</param>
/// <param name="TestLoader">Test batches in order.</param>
/// <param name="Preview">The first 256 test images, for sample grids (and for fitting a latent Gaussian to their codes).</param>
public sealed record FashionMnistData(ImageDataset Train, ImageDataset Test, DataLoader TrainLoader, DataLoader TestLoader, Tensor Preview)
{
    /// <summary>
    /// Loads both splits from "data-dir" (or the default places), keeping the first "train-size" training images when
    /// it is positive, and batches them by "batch-size".
    /// </summary>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static FashionMnistData Load(ModelContext context, int defaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? dir = context.DataDir ?? NullIfEmpty(context.GetString("data-dir", ""));
        var train = FashionMnist.Load(DatasetSplit.Train, dir);
        var test = FashionMnist.Load(DatasetSplit.Test, dir);
        int limit = context.GetInt("train-size", 0);
        if (limit < 0) throw new ArgumentException($"Option --train-size must be non-negative, got {limit}.");
        if (limit > 0 && limit < train.Count) train = train.Take(limit);
        int batchSize = context.GetInt("batch-size", defaultBatchSize);
        if (batchSize <= 0) throw new ArgumentException($"Option --batch-size must be positive, got {batchSize}.");
        var trainLoader = new DataLoader(train, batchSize, shuffle: true, generator: context.NewGenerator(1));
        var testLoader = new DataLoader(test, 500, shuffle: false);
        return new FashionMnistData(train, test, trainLoader, testLoader, test.ToTensor(0, Math.Min(256, test.Count)));
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
}
