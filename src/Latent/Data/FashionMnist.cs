namespace Latent.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al., 2017): 28×28 greyscale images of clothing in ten classes, 60,000 for training and
/// 10,000 for testing. The files come from the Debian package <c>dataset-fashion-mnist</c>; nothing is downloaded.
/// </summary>
/// <example>
/// <code>
/// var train = FashionMnist.Load(DatasetSplit.Train);
/// Tensor x = train.ToTensor(0, 64);   // [64, 1, 28, 28] in [0, 1]
/// </code>
/// </example>
public static class FashionMnist
{
    /// <summary>Where the Debian package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable that may point at the data directory (or at a parent holding <c>fashion-mnist/</c>).</summary>
    public const string EnvironmentVariable = "LATENT_DATA";

    /// <summary>The command that installs the dataset.</summary>
    public const string InstallCommand = "apt-get install dataset-fashion-mnist";

    /// <summary>The ten class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads one split.</summary>
    /// <param name="split">Train (60,000 images) or test (10,000 images).</param>
    /// <param name="dataDir">
    /// An explicit directory holding the four IDX files (gzipped or raw). When null, <c>$LATENT_DATA</c> (or
    /// <c>$LATENT_DATA/fashion-mnist</c>) is tried, then <see cref="DefaultDirectory"/>.
    /// </param>
    /// <exception cref="DatasetNotFoundException">No searched directory holds the files.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static ImageDataset Load(DatasetSplit split, string? dataDir = null)
        => MnistFormat.Load(FindDirectory(dataDir), split, "Fashion-MNIST", ClassNames);

    /// <summary>The directory the files will be loaded from.</summary>
    /// <exception cref="DatasetNotFoundException">No searched directory holds the files.</exception>
    public static string FindDirectory(string? dataDir = null)
    {
        var searched = CandidateDirectories(dataDir);
        foreach (var dir in searched)
            if (MnistFormat.HasAllFiles(dir)) return dir;
        throw new DatasetNotFoundException("Fashion-MNIST", searched,
            $"Install it with `{InstallCommand}` (it installs to {DefaultDirectory}), or pass a directory holding " +
            "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and " +
            $"t10k-labels-idx1-ubyte[.gz], or set ${EnvironmentVariable}.");
    }

    /// <summary>
    /// The directories searched for <paramref name="dataDir"/>, in order: only it when given; else <c>$LATENT_DATA</c>
    /// and its <c>fashion-mnist</c> subfolder when the variable is set; else <see cref="DefaultDirectory"/>.
    /// </summary>
    public static IReadOnlyList<string> CandidateDirectories(string? dataDir = null)
    {
        if (!string.IsNullOrEmpty(dataDir)) return [Path.GetFullPath(dataDir)];
        var list = new List<string>();
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
        {
            list.Add(Path.GetFullPath(env));
            list.Add(Path.GetFullPath(Path.Combine(env, "fashion-mnist")));
            return list; // a user who set the variable means it: no silent fall back to the default place
        }
        list.Add(DefaultDirectory);
        return list;
    }
}
