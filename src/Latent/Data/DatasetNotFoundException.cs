namespace Latent.Data;

/// <summary>
/// Thrown when a dataset's files cannot be found. The message lists the directories searched and how to install
/// the data.
/// </summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception for <paramref name="dataset"/>, naming the searched directories and the fix.</summary>
    public DatasetNotFoundException(string dataset, IReadOnlyList<string> searchedDirectories, string remedy)
        : base(BuildMessage(dataset, searchedDirectories, remedy))
    {
        Dataset = dataset;
        SearchedDirectories = searchedDirectories;
    }

    /// <summary>The name of the dataset that was not found.</summary>
    public string Dataset { get; }

    /// <summary>The directories that were searched, in order.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }

    private static string BuildMessage(string dataset, IReadOnlyList<string> searched, string remedy)
        => $"{dataset} not found. Searched: {string.Join(", ", searched.Select(d => $"'{d}'"))}. {remedy}";
}
