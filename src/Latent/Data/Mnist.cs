namespace Latent.Data;

/// <summary>
/// MNIST handwritten digits from IDX files the user provides (the original file names, gzipped or raw). Latent
/// ships no copy and downloads nothing.
/// </summary>
public static class Mnist
{
    /// <summary>The class names "0" … "9".</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Loads one split from <paramref name="dataDir"/>.</summary>
    /// <param name="dataDir">A directory holding train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz].</param>
    /// <param name="split">Train or test.</param>
    /// <exception cref="DatasetNotFoundException">The directory does not hold the files of <paramref name="split"/>.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static ImageDataset Load(string dataDir, DatasetSplit split)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        string dir = Path.GetFullPath(dataDir);
        var (images, labels) = MnistFormat.FileNames(split);
        if (MnistFormat.FindFile(dir, images) == null || MnistFormat.FindFile(dir, labels) == null)
            throw new DatasetNotFoundException("MNIST", [dir],
                $"Put {images}[.gz] and {labels}[.gz] (the original MNIST file names) in that directory.");
        return MnistFormat.Load(dir, split, "MNIST", ClassNames);
    }
}
