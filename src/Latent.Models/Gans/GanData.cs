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
            if (options.TrainSize is int limit && limit < images.Count) images = images.Take(limit);
            var loader = new DataLoader(images, options.BatchSize, shuffle: true, dropLast: true, generator: shuffle) { Transform = Transforms.ToSigned };
            return new GanData(loader, [images.Channels, images.Height, images.Width], images.ClassNames.Count, null);
        }
        if (!name.StartsWith("toy:", StringComparison.Ordinal))
            throw new ArgumentException($"Unknown GAN data '{name}'; expected fashion-mnist or toy:ring8, toy:grid25, toy:moons, toy:swissroll, toy:checkerboard, toy:circles.");
        var toy = ToyByName(name[4..], options.ToySamples, options.NewGenerator(2));
        var toyLoader = new DataLoader(toy.Points, toy.Labels, options.BatchSize, shuffle: true, dropLast: true, generator: shuffle);
        return new GanData(toyLoader, [2], 0, toy);
    }

    /// <summary>Draws <paramref name="n"/> points of the named toy distribution (the part after "toy:").</summary>
    /// <exception cref="ArgumentException">The name is not known.</exception>
    public static ToyDataset ToyByName(string name, int n, Generator gen)
    {
        if (name.StartsWith("ring", StringComparison.Ordinal) && int.TryParse(name[4..], out int modes) && modes > 0)
            return ToyDistributions.Ring(n, gen, modes);
        if (name.StartsWith("grid", StringComparison.Ordinal) && int.TryParse(name[4..], out int cells) && cells > 0 && IsSquare(cells))
            return ToyDistributions.Grid(n, gen, (int)Math.Round(Math.Sqrt(cells)));
        return name switch
        {
            "moons" => ToyDistributions.TwoMoons(n, gen),
            "swissroll" or "swiss-roll" => ToyDistributions.SwissRoll(n, gen),
            "checkerboard" => ToyDistributions.Checkerboard(n, gen),
            "circles" => ToyDistributions.Circles(n, gen),
            _ => throw new ArgumentException($"Unknown toy distribution '{name}'; expected ring8 (or ring<k>), grid25 (or grid<k²>), moons, swissroll, checkerboard or circles."),
        };
    }

    private static bool IsSquare(int n) => (int)Math.Round(Math.Sqrt(n)) is var r && r * r == n;
}
