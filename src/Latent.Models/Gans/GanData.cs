using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The training data of a GAN run, chosen by the "data" option: "fashion-mnist" (images scaled to [−1, 1]) or a toy
/// 2-D distribution "toy:ring8", "toy:ring&lt;k&gt;", "toy:grid25", "toy:grid&lt;k²&gt;", "toy:moons", "toy:swissroll",
/// "toy:checkerboard", "toy:circles".
/// </summary>
/// <param name="Train">Shuffled training batches (images already in [−1, 1]).</param>
/// <param name="SampleShape">The shape of one example.</param>
/// <param name="Classes">The number of classes (for conditional models), 0 when the data has no labels.</param>
/// <param name="Toy">The toy distribution, or null for images.</param>
public sealed record GanData(DataLoader Train, int[] SampleShape, int Classes, ToyDataset? Toy)
{
    /// <summary>Whether the examples are images [C, H, W].</summary>
    public bool IsImage => SampleShape.Length == 3;

    /// <summary>Loads the data that <see cref="GanOptions.Data"/> names, batched by <see cref="Catalog.ModelOptions.BatchSize"/>.</summary>
    /// <exception cref="ArgumentException">The name is not known.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static GanData Load(GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string name = options.Data.Trim().ToLowerInvariant();
        var shuffle = options.NewGenerator(1);
        if (name == "fashion-mnist")
        {
            var images = FashionMnist.Load(DatasetSplit.Train, options.DataDir);
            images = Common.FashionMnistData.Limited(images, options.TrainSize);
            var loader = new DataLoader(images, options.BatchSize, shuffle: true, dropLast: true, generator: shuffle) { Transform = Transforms.ToSigned };
            return new GanData(loader, [images.Channels, images.Height, images.Width], images.ClassNames.Count, null);
        }
        if (!name.StartsWith("toy:", StringComparison.Ordinal))
            throw new ArgumentException($"Unknown GAN data '{name}'; expected fashion-mnist or toy:ring8, toy:grid25, toy:moons, toy:swissroll, toy:checkerboard, toy:circles.");
        var toy = ToyDistributions.ByName(name, options.ToySamples, options.NewGenerator(2));
        var toyLoader = new DataLoader(toy.Points, toy.Labels, options.BatchSize, shuffle: true, dropLast: true, generator: shuffle);
        return new GanData(toyLoader, [2], 0, toy);
    }
}
