using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Gans;

/// <summary>
/// Fashion-MNIST for the image GANs that also score held-out data (InfoGAN, the semi-supervised GAN): training
/// batches and test batches, both scaled to the generator's range [−1, 1].
/// </summary>
/// <param name="Data">Both splits as loaded (the training split limited by <see cref="ModelOptions.TrainSize"/>).</param>
/// <param name="Train">Shuffled training batches (the last short batch dropped), order from stream 1 of the seed.</param>
/// <param name="Test">The test split in order, in batches of 500.</param>
public sealed record GanImageData(FashionMnistData Data, DataLoader Train, DataLoader Test)
{
    /// <summary>Loads both splits as <paramref name="options"/> say.</summary>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static GanImageData Load(ModelOptions options)
    {
        var data = FashionMnistData.Load(options);
        var train = new DataLoader(data.Train, options.BatchSize, shuffle: true, dropLast: true, generator: options.NewGenerator(1)) { Transform = Transforms.ToSigned };
        var test = new DataLoader(data.Test, 500, shuffle: false) { Transform = Transforms.ToSigned };
        return new GanImageData(data, train, test);
    }
}
