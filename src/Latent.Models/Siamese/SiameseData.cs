using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// The images a Siamese network trains on and the images of other classes it is tested on one-shot, as its options
/// choose them: Fashion-MNIST split by class, or the Hershey-font characters split by character group.
/// </summary>
/// <param name="TrainImages">Training images [N, 1, 28, 28].</param>
/// <param name="TrainLabels">Their classes.</param>
/// <param name="TestImages">Images of the classes never trained on.</param>
/// <param name="TestLabels">Their classes.</param>
/// <param name="ClassNames">Names of all classes, indexed by label.</param>
/// <param name="TestDrawers">Who drew each test image (for the fonts: its font), for Koch's two-drawer episodes; null when the data has no drawers.</param>
public sealed record SiameseData(Tensor TrainImages, int[] TrainLabels, Tensor TestImages, int[] TestLabels, IReadOnlyList<string> ClassNames, int[]? TestDrawers = null)
{
    /// <summary>Loads the split of <paramref name="options"/>, the training part limited to the first <see cref="Catalog.ModelOptions.TrainSize"/> images.</summary>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    /// <exception cref="DirectoryNotFoundException">The Hershey fonts are not installed.</exception>
    /// <exception cref="ArgumentException">The training-size limit exceeds the training images.</exception>
    public static SiameseData Load(SiameseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SiameseData data;
        if (options.Dataset == SiameseDataset.Fonts)
        {
            var train = FontCharacters.Load(FontCharacters.TrainingCharacters, options.FontDir);
            var test = FontCharacters.Load(FontCharacters.Uppercase, options.FontDir);
            // Labels index one alphabet of training characters followed by the capitals.
            int offset = train.Characters.Length;
            data = new SiameseData(train.Images, train.Labels, test.Images, [.. test.Labels.Select(l => l + offset)],
                [.. (train.Characters + test.Characters).Select(c => c.ToString())], test.FontOf);
        }
        else
        {
            var classes = options.TrainClassList();
            var train = FashionMnist.Load(DatasetSplit.Train, options.DataDir);
            var test = FashionMnist.Load(DatasetSplit.Test, options.DataDir);
            var (trainImages, trainLabels) = Select(train, l => classes.Contains(l));
            var (testImages, testLabels) = Select(test, l => !classes.Contains(l));
            data = new SiameseData(trainImages, trainLabels, testImages, testLabels, FashionMnist.ClassNames);
        }
        if (options.TrainSize is not int n) return data;
        if (n > data.TrainLabels.Length)
            throw new ArgumentException($"Option --train-size is {n:N0}, but the training classes have only {data.TrainLabels.Length:N0} images.");
        return data with { TrainImages = data.TrainImages.Narrow(0, 0, n), TrainLabels = data.TrainLabels[..n] };
    }

    private static (Tensor Images, int[] Labels) Select(ImageDataset split, Func<int, bool> keep)
    {
        var labels = split.Labels.ToArray();
        int[] indices = [.. Enumerable.Range(0, labels.Length).Where(i => keep(labels[i]))];
        return (split.ToTensor(indices), [.. indices.Select(i => labels[i])]);
    }
}
