using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Gans.Studies;

/// <summary>Where a study writes: its directory, created on demand, with JSON numbers and SVG figures.</summary>
internal sealed class StudyOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Creates the directory if needed.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public StudyOutput(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("A study needs an output directory.", nameof(directory));
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
    }

    /// <summary>The output directory.</summary>
    public string Directory { get; }

    /// <summary>The full path of a file in the directory.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Writes <paramref name="json"/> indented, atomically.</summary>
    public string WriteJson(string fileName, JsonNode json)
    {
        var path = PathOf(fileName);
        AtomicFile.WriteAllText(path, json.ToJsonString(Indented));
        return path;
    }

    /// <summary>A JSON array of numbers (NaN and infinities become null, which JSON cannot hold).</summary>
    public static JsonArray Numbers(IEnumerable<double> values)
        => new(values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null).ToArray<JsonNode?>());
}
