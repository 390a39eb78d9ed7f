using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Metrics;

/// <summary>
/// What <c>latent eval</c> writes into a run as <c>eval.json</c>: the feature network, the settings, the reference
/// rows and the run's own row, so that one file holds the table a number belongs to.
/// </summary>
public static class EvaluationReport
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "eval.json";

    /// <summary>The JSON document of <paramref name="row"/> with its references; <paramref name="about"/> (model, family, steps …) is copied in first.</summary>
    public static JsonObject ToJson(EvaluationRow row, IReadOnlyList<EvaluationRow> referenceRows, EvaluationReference reference, JsonObject? about = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(referenceRows);
        ArgumentNullException.ThrowIfNull(reference);
        var json = new JsonObject();
        if (about != null)
            foreach (var (key, value) in about) json[key] = value?.DeepClone();
        var s = reference.Settings;
        json["features"] = reference.Network.Name;
        json["feature_dim"] = reference.Network.FeatureDim;
        json["settings"] = new JsonObject
        {
            ["samples"] = s.Samples,
            ["reference_train_images"] = reference.TrainFeatures.Shape[0],
            ["test_images"] = reference.TestImages.Shape[0],
            ["seed"] = s.Seed,
            ["metrics"] = new JsonArray([.. s.Metrics.Order().Select(m => (JsonNode?)m.ToString().ToLowerInvariant())]),
            ["kid_subsets"] = s.KidSubsets,
            ["kid_subset_size"] = s.KidSubsetSize,
            ["neighbours"] = s.Neighbours,
            ["is_splits"] = s.Splits,
            ["importance_samples"] = s.ImportanceSamples,
        };
        json["result"] = row.ToJson();
        json["reference"] = new JsonArray([.. referenceRows.Select(r => (JsonNode?)r.ToJson())]);
        return json;
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="runDirectory"/>/eval.json (atomically) and returns the path.</summary>
    public static string Write(string runDirectory, JsonObject report)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(report);
        string path = Path.Combine(runDirectory, FileName);
        AtomicFile.WriteJson(path, report);
        return path;
    }
}
