using Latent.Tensors;

namespace Latent.Data;

/// <summary>Loads an MNIST-layout directory: four IDX files (images and labels for train and t10k), gzipped or raw.</summary>
internal static class MnistFormat
{
    /// <summary>The base names of the image and label files of a split, without the optional ".gz".</summary>
    public static (string Images, string Labels) FileNames(DatasetSplit split) => split switch
    {
        DatasetSplit.Train => ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        DatasetSplit.Test => ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
        _ => throw new ArgumentOutOfRangeException(nameof(split), $"Unknown dataset split {split}."),
    };

    /// <summary>The path of <paramref name="baseName"/> in <paramref name="directory"/>, gzipped or raw, or null.</summary>
    public static string? FindFile(string directory, string baseName)
    {
        foreach (var candidate in new[] { baseName + ".gz", baseName })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>True when both files of both splits are present in <paramref name="directory"/>.</summary>
    public static bool HasAllFiles(string directory)
        => Directory.Exists(directory) && Enum.GetValues<DatasetSplit>().All(split =>
        {
            var (images, labels) = FileNames(split);
            return FindFile(directory, images) != null && FindFile(directory, labels) != null;
        });

    /// <summary>Reads and cross-checks the image and label files of <paramref name="split"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt or the two files disagree.</exception>
    public static ImageDataset Load(string directory, DatasetSplit split, string datasetName, IReadOnlyList<string> classNames)
    {
        var (imageName, labelName) = FileNames(split);
        string imagePath = FindFile(directory, imageName)
            ?? throw new FileNotFoundException($"{datasetName}: '{Path.Combine(directory, imageName)}[.gz]' does not exist.");
        string labelPath = FindFile(directory, labelName)
            ?? throw new FileNotFoundException($"{datasetName}: '{Path.Combine(directory, labelName)}[.gz]' does not exist.");

        // The two files decompress independently; reading them in parallel hides most of the label file's cost.
        var labelsTask = Task.Run(() => IdxFile.Read(labelPath));
        var images = IdxFile.Read(imagePath);
        var labels = labelsTask.GetAwaiter().GetResult();

        if (images.Dimensions.Length != 3)
            throw new InvalidDataException($"IDX file '{imagePath}': images must have 3 dimensions [N, rows, columns], got {ShapeUtil.Format(images.Dimensions)}.");
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataException($"IDX file '{labelPath}': labels must have 1 dimension [N], got {ShapeUtil.Format(labels.Dimensions)}.");
        if (images.Count != labels.Count)
            throw new InvalidDataException($"{datasetName}: '{imagePath}' holds {images.Count} images but '{labelPath}' holds {labels.Count} labels.");

        var labelValues = new int[labels.Count];
        for (int i = 0; i < labelValues.Length; i++)
        {
            int label = labels.Data[i];
            if (label >= classNames.Count)
                throw new InvalidDataException($"IDX file '{labelPath}': label {label} of example {i} is outside 0…{classNames.Count - 1}.");
            labelValues[i] = label;
        }
        string splitName = split == DatasetSplit.Train ? "train" : "test";
        return new ImageDataset($"{datasetName} {splitName}", images.Data, labelValues, 1, images.Dimensions[1], images.Dimensions[2], classNames);
    }
}
