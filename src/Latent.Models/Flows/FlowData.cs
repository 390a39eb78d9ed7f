using Latent.Data;
using Latent.Models.Common;

namespace Latent.Models.Flows;

/// <summary>
/// The data of a flow run, chosen by <see cref="FlowOptions.Data"/>: "fashion-mnist" (8-bit images in [0, 1], to be
/// dequantized) or a toy 2-D distribution "toy:moons", "toy:ring&lt;k&gt;", "toy:grid&lt;k²&gt;", "toy:swissroll",
/// "toy:checkerboard", "toy:circles" (continuous points, used as they are).
/// </summary>
/// <param name="Train">Shuffled training batches.</param>
/// <param name="Test">Held-out batches in order.</param>
/// <param name="SampleShape">The shape of one example: [1, 28, 28] or [2].</param>
/// <param name="Toy">The toy training points, or null for images.</param>
public sealed record FlowData(DataLoader Train, DataLoader Test, int[] SampleShape, ToyDataset? Toy)
{
    /// <summary>Whether the examples are 8-bit images (dequantized for training, scored in bits per dimension).</summary>
    public bool IsImage => Toy is null;

    /// <summary>Loads the data that <paramref name="options"/> name, batched by their batch size.</summary>
    /// <exception cref="ArgumentException">The name is not known.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static FlowData Load(FlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string name = options.Data.Trim().ToLowerInvariant();
        if (name == "fashion-mnist")
        {
            var data = FashionMnistData.Load(options);
            return new FlowData(data.TrainLoader, data.TestLoader, data.ImageShape, null);
        }
        if (!name.StartsWith("toy:", StringComparison.Ordinal))
            throw new ArgumentException($"Unknown flow data '{options.Data}'; expected fashion-mnist or toy:moons, toy:ring8, toy:grid25, toy:swissroll, toy:checkerboard, toy:circles.");
        var train = ToyDistributions.ByName(name, options.ToySamples, options.NewGenerator(3));
        var test = ToyDistributions.ByName(name, Math.Max(1, options.ToySamples / 5), options.NewGenerator(4));
        var trainLoader = new DataLoader(train.Points, train.Labels, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var testLoader = new DataLoader(test.Points, test.Labels, 1000, shuffle: false);
        return new FlowData(trainLoader, testLoader, [2], train);
    }

}
