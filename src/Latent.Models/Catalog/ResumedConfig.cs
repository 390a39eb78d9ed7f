using System.Text.Json.Nodes;

namespace Latent.Models.Catalog;

/// <summary>
/// A resumed run keeps the options it was started with: its <c>config.json</c>, with only the options that may change
/// on resume taken from what the user asked for now. Any other option asked for with a different value is refused.
/// </summary>
public static class ResumedConfig
{
    /// <summary>
    /// Options that may change when a run is resumed: how long it trains, its cadence, where its data and run live, and
    /// gradient clipping (a guard a run that spikes may need added without starting over), the learning-rate decay (a
    /// run whose loss wobbles at a constant rate can be given one late) and WaveNet's input noise (a training-only
    /// perturbation); the model is the same.
    /// </summary>
    public static IReadOnlyList<string> Changeable { get; } =
        ["epochs", "max-steps", "log-every", "checkpoint-every", "sample-every", "data-dir", "run", "runs-dir", "clip-grad", "lr-decay", "input-noise"];

    /// <summary>The configuration to resume with: <paramref name="stored"/> updated by the changeable options of <paramref name="requested"/>.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="stored">The run's <c>config.json</c>.</param>
    /// <param name="requested">Only the options the user gave now (from the command line or a <c>--config</c> file).</param>
    /// <exception cref="ArgumentException">The run is of another model, or a fixed option is asked for with another value; the message names both values.</exception>
    public static JsonObject Reconcile(ModelSpec spec, JsonObject stored, JsonObject requested)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(requested);
        string storedModel = stored["model"]?.ToString() ?? spec.Name;
        if (!string.Equals(storedModel, spec.Name, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"the run was trained as '{storedModel}', not '{spec.Name}'; resume it with `latent train {storedModel} --resume`.");
        var result = (JsonObject)stored.DeepClone();
        var conflicts = new List<string>();
        foreach (var (key, value) in requested)
        {
            if (key == "model") continue;
            if (Changeable.Contains(key))
            {
                result[key] = value?.DeepClone();
                continue;
            }
            var option = spec.Options.FirstOrDefault(o => o.Name == key);
            stored.TryGetPropertyValue(key, out var before);
            if (option == null ? !JsonNode.DeepEquals(before, value) : !SameValue(option, before ?? option.Default, value))
                conflicts.Add($"--{key} {Text(value)} (the run has {Text(before ?? option?.Default)})");
        }
        if (conflicts.Count > 0)
            throw new ArgumentException($"a resumed run keeps the options it was started with (its config.json), but this asks for {string.Join(", ", conflicts)}. " +
                $"Only {string.Join(", ", Changeable.Take(5).Select(k => "--" + k))} may change on resume; start a new run with --run <name> to change the others.");
        return result;
    }

    private static bool SameValue(OptionDescriptor option, JsonNode? a, JsonNode? b)
    {
        object? x = option.Convert(a), y = option.Convert(b);
        return x is int[] xs && y is int[] ys ? xs.SequenceEqual(ys) : Equals(x, y);
    }

    private static string Text(JsonNode? node) => node == null ? "automatic" : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}
