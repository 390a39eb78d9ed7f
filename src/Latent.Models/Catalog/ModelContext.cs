using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Catalog;

/// <summary>
/// What a model factory gets: the merged configuration (defaults, then a JSON config file, then command-line options),
/// the seed and where to find data.
/// </summary>
public sealed class ModelContext
{
    /// <summary>Creates a context over a configuration object.</summary>
    public ModelContext(JsonObject config, string? dataDir = null)
    {
        Config = config;
        DataDir = dataDir;
    }

    /// <summary>The merged configuration (kebab-case keys).</summary>
    public JsonObject Config { get; }

    /// <summary>An explicit data directory, or null to search the default places.</summary>
    public string? DataDir { get; }

    /// <summary>A context whose configuration also holds every option in <paramref name="options"/> it lacked, at its default.</summary>
    internal ModelContext WithDefaults(IEnumerable<ModelOption> options)
    {
        var merged = (JsonObject)Config.DeepClone();
        foreach (var option in options)
            if (!merged.ContainsKey(option.Name)) merged[option.Name] = option.Default.DeepClone();
        return new ModelContext(merged, DataDir);
    }

    /// <summary>The run's seed ("seed", default 1).</summary>
    public ulong Seed => (ulong)GetInt("seed", 1);

    /// <summary>A fresh generator for the given purpose, derived from the seed so streams do not overlap.</summary>
    public Generator NewGenerator(int stream) => new(Seed * 1_000_003UL + (ulong)stream);

    /// <summary>An integer setting.</summary>
    /// <exception cref="ArgumentException">The value is present but not an integer.</exception>
    public int GetInt(string name, int fallback) => Get(name, fallback, n => n.GetValueKind() == JsonValueKind.Number
        ? (double.IsInteger(Number(n)) ? (int)Number(n) : throw Bad(name, "an integer"))
        : int.TryParse(n.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name, "an integer"));

    /// <summary>A floating-point setting.</summary>
    public double GetDouble(string name, double fallback) => Get(name, fallback, n => n.GetValueKind() == JsonValueKind.Number
        ? Number(n)
        : double.TryParse(n.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name, "a number"));

    /// <summary>A string setting.</summary>
    public string GetString(string name, string fallback) => Get(name, fallback, n => n.ToString());

    /// <summary>A boolean setting.</summary>
    public bool GetBool(string name, bool fallback) => Get(name, fallback, n => n.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => bool.TryParse(n.ToString(), out var v) ? v : throw Bad(name, "true or false"),
    });

    private T Get<T>(string name, T fallback, Func<JsonNode, T> convert)
        => Config.TryGetPropertyValue(name, out var node) && node != null ? convert(node) : fallback;

    private static double Number(JsonNode n) => double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    private static ArgumentException Bad(string name, string what) => new($"Option --{name} must be {what}.");
}
