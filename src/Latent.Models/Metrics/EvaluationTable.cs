using System.Globalization;
using System.Text.Json.Nodes;

namespace Latent.Models.Metrics;

/// <summary>
/// Several runs scored against one reference: the rows of the table <c>latent eval</c> prints and can write as one
/// JSON file (<c>bench/results/eval.json</c>), reference rows first.
/// </summary>
/// <param name="Reference">The rows of the test set and the trivial models.</param>
/// <param name="Runs">One row per run, with the run's description (model, family, steps, path).</param>
public sealed record EvaluationTable(IReadOnlyList<EvaluationRow> Reference, IReadOnlyList<(EvaluationRow Row, JsonObject About)> Runs)
{
    /// <summary>The columns of the printed table: (metric key, header), those present in some row.</summary>
    public IReadOnlyList<(string Key, string Header)> Columns()
    {
        (string, string)[] all =
        [
            ("fid", "FID"), ("kid", "KID"), ("is", "IS"), ("precision", "precision"), ("recall", "recall"),
            ("density", "density"), ("coverage", "coverage"), ("class_accuracy", "class acc."), ("nll", "NLL (nats)"),
            ("bits_per_dim", "bits/dim"), ("iwae_nll", "IWAE NLL"), ("sounding_seconds", "sounds (s)"), ("ended_share", "ended"),
            ("prediction_gain_db", "LPC gain (dB)"), ("data_prediction_gain_db", "data LPC gain (dB)"),
        ];
        var rows = Reference.Concat(Runs.Select(r => r.Row)).ToList();
        return [.. all.Where(c => rows.Any(r => r.Metrics.ContainsKey(c.Item1)))];
    }

    /// <summary>The printed value of one cell: FID, NLL to 2 decimals (with an estimator's interval in parentheses when it has one); KID (mean over subsets), IS (mean ± std over splits) and the shares to 3; "–" when absent.</summary>
    public static string Cell(EvaluationRow row, string key)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.Metrics.TryGetValue(key, out double v)) return "–";
        var c = CultureInfo.InvariantCulture;
        return key switch
        {
            "is" => $"{v.ToString("F2", c)}±{row.Metrics["is_std"].ToString("F2", c)}",
            "nll" when row.Metrics.TryGetValue("nll_interval_low", out double low) && row.Metrics.TryGetValue("nll_interval_high", out double high)
                => $"{v.ToString("F2", c)} ({Bound(low, c)} to {Bound(high, c)})",
            "fid" or "nll" or "iwae_nll" => v.ToString("F2", c),
            _ => v.ToString("F3", c),
        };
    }

    private static string Bound(double value, CultureInfo c) => double.IsFinite(value) ? value.ToString("F2", c) : value > 0 ? "∞" : "−∞";

    /// <summary>The whole table as JSON: feature network, settings, then every row.</summary>
    public JsonObject ToJson(EvaluationReference reference, JsonObject? about = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var json = about?.DeepClone() as JsonObject ?? new JsonObject();
        json["features"] = reference.Network.Name;
        json["feature_dim"] = reference.Network.FeatureDim;
        json["samples"] = reference.Settings.Samples;
        json["seed"] = reference.Settings.Seed;
        json["reference"] = new JsonArray([.. Reference.Select(r => (JsonNode?)r.ToJson())]);
        var runs = new JsonArray();
        foreach (var (row, info) in Runs)
        {
            var entry = (JsonObject)info.DeepClone();
            foreach (var (key, value) in row.ToJson()) entry[key] = value?.DeepClone();
            runs.Add(entry);
        }
        json["runs"] = runs;
        return json;
    }
}
