using Latent.Data;
using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>Fashion-MNIST prepared for an image model from its options: loaders and preview images.</summary>
/// <param name="Train">The training split (limited by <see cref="ModelOptions.TrainSize"/> when set).</param>
/// <param name="Test">The test split.</param>
/// <param name="TrainLoader">Shuffled training batches of <see cref="ModelOptions.BatchSize"/>, order drawn from generator stream 1.</param>
/// <param name="TestLoader">Test batches in order.</param>
/// <param name="Preview">The first 256 test images, for sample grids (and for fitting a latent Gaussian to their codes).</param>
public sealed record FashionMnistData(ImageDataset Train, ImageDataset Test, DataLoader TrainLoader, DataLoader TestLoader, Tensor Preview)
{
    /// <summary>The shape of one image, [C, H, W].</summary>
    public int[] ImageShape => [Train.Channels, Train.Height, Train.Width];

    /// <summary>
    /// Loads both splits from <see cref="ModelOptions.DataDir"/> (or the default places), keeping the first
    /// <see cref="ModelOptions.TrainSize"/> training images when it is set, and batches them.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static FashionMnistData Load(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var train = FashionMnist.Load(DatasetSplit.Train, options.DataDir);
        var test = FashionMnist.Load(DatasetSplit.Test, options.DataDir);
        if (options.TrainSize is int limit && limit < train.Count) train = train.Take(limit);
        var trainLoader = new DataLoader(train, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var testLoader = new DataLoader(test, 500, shuffle: false);
        return new FashionMnistData(train, test, trainLoader, testLoader, test.ToTensor(0, Math.Min(256, test.Count)));
    }
}
