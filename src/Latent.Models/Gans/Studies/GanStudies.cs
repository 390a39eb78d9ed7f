using System.Text.Json.Nodes;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The GAN-dynamics studies (F32) by name, for <c>latent study &lt;name&gt;</c>: each writes an SVG and JSON numbers into
/// an output directory and returns the JSON.
/// </summary>
public static class GanStudies
{
    /// <summary>Study names with their entry points (output directory, seed) → JSON, using each study's default settings.</summary>
    public static IReadOnlyDictionary<string, Func<string, ulong, JsonObject>> All { get; } = new Dictionary<string, Func<string, ulong, JsonObject>>
    {
        ["minmax"] = (dir, seed) => MinMaxStudy.Run(dir, seed),
        ["dirac"] = (dir, seed) => DiracGanStudy.Run(dir, seed),
        ["lines"] = (dir, seed) => ParallelLinesStudy.Run(dir, seed),
        ["optimal-d"] = (dir, seed) => OptimalDiscriminatorStudy.Run(dir, seed),
        ["mode-collapse"] = (dir, seed) => ModeCollapseStudy.Run(dir, seed),
    };

    /// <summary>Runs the study called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No study has that name; the message lists them.</exception>
    public static JsonObject Run(string name, string outputDirectory, ulong seed = 1)
        => All.TryGetValue(name, out var run)
            ? run(outputDirectory, seed)
            : throw new ArgumentException($"Unknown study '{name}'; expected one of {string.Join(", ", All.Keys)}.", nameof(name));
}
