using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Common;

/// <summary>Where and how a study runs: its output folder (created here), its seed and where the data is.</summary>
public sealed class StudyContext
{
    /// <summary>Creates the context and its output folder.</summary>
    /// <param name="outputDirectory">The folder for the study's JSON, pictures and <c>index.html</c>.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="dataDir">The Fashion-MNIST directory, or null for the default places.</param>
    /// <exception cref="ArgumentException">The folder path is empty.</exception>
    /// <param name="progress">Receives progress lines of a long study (the command line prints them); null ignores them.</param>
    public StudyContext(string outputDirectory, ulong seed = 1, string? dataDir = null, Action<string>? progress = null)
    {
        _progress = progress;
        if (string.IsNullOrWhiteSpace(outputDirectory)) throw new ArgumentException("A study needs an output directory.", nameof(outputDirectory));
        OutputDirectory = Directory.CreateDirectory(outputDirectory).FullName;
        Seed = seed;
        DataDir = dataDir;
    }

    private readonly Action<string>? _progress;

    /// <summary>Reports how far a long study has come, e.g. "vanilla, seed 2 of 5".</summary>
    public void Report(string message) => _progress?.Invoke(message);

    /// <summary>The absolute output folder.</summary>
    public string OutputDirectory { get; }

    /// <summary>The random seed.</summary>
    public ulong Seed { get; }

    /// <summary>The Fashion-MNIST directory, or null for the default places.</summary>
    public string? DataDir { get; }

    private readonly Dictionary<string, string> _captions = new(StringComparer.Ordinal);

    /// <summary>The path of picture <paramref name="fileName"/> in the output folder, with the caption the page shows under it.</summary>
    public string Picture(string fileName, string caption)
    {
        Caption(fileName, caption);
        return PathOf(fileName);
    }

    /// <summary>Sets the caption the page shows under picture <paramref name="fileName"/>.</summary>
    public void Caption(string fileName, string caption) => _captions[fileName] = caption;

    /// <summary>The caption of picture <paramref name="fileName"/>, or null when the study gave none.</summary>
    public string? CaptionOf(string fileName) => _captions.GetValueOrDefault(fileName);

    /// <summary>The full path of a file in the output folder.</summary>
    public string PathOf(string fileName) => Path.Combine(OutputDirectory, fileName);

    /// <summary>Writes <paramref name="json"/> indented and atomically into the output folder, and returns it.</summary>
    public JsonObject WriteJson(string fileName, JsonObject json)
    {
        AtomicFile.WriteJson(PathOf(fileName), json);
        return json;
    }

    /// <summary>A JSON array of numbers (NaN and infinities become null, which JSON cannot hold).</summary>
    public static JsonArray Numbers(IEnumerable<double> values)
        => new(values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null).ToArray<JsonNode?>());
}
