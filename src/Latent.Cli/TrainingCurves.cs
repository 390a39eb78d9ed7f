using System.Globalization;
using Latent.IO;

namespace Latent.Cli;

/// <summary>
/// A run's <c>metrics.jsonl</c> read as curves: the per-step lines (they carry "loss") and the end-of-epoch lines
/// (their values are named <c>train_…</c> and <c>test_…</c>), for a loss plot and a table of the epochs.
/// </summary>
internal sealed class TrainingCurves
{
    /// <summary>Splits <paramref name="records"/> into step and epoch lines.</summary>
    public TrainingCurves(IReadOnlyList<MetricsRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Epochs = records.Where(IsEpochSummary).ToList();
        Steps = records.Where(r => !IsEpochSummary(r) && r.Values.ContainsKey("loss")).ToList();
    }

    /// <summary>The lines logged every few steps.</summary>
    public IReadOnlyList<MetricsRecord> Steps { get; }

    /// <summary>The lines written at the end of each epoch, in order.</summary>
    public IReadOnlyList<MetricsRecord> Epochs { get; }

    /// <summary>The value <paramref name="key"/> at the end of each epoch that has it, as (epoch, value).</summary>
    public IReadOnlyList<(int Epoch, double Value)> PerEpoch(string key)
        => Epochs.Where(r => r.Values.ContainsKey(key)).Select(r => (r.Epoch, r.Values[key])).ToList();

    /// <summary>
    /// A plot against the step: the logged per-step loss and, at the step each epoch ended, the end-of-epoch values
    /// named by <paramref name="epochSeries"/> (key and legend label).
    /// </summary>
    public LinePlot LossPlot(string title, IEnumerable<(string Key, string Label)> epochSeries)
    {
        var plot = new LinePlot { Title = title, XLabel = "step", YLabel = "loss per example (nats)" };
        if (Steps.Count > 0) plot.Add("loss (logged steps)", Steps.Select(r => (double)r.Step).ToList(), Steps.Select(r => r.Values["loss"]).ToList());
        foreach (var (key, label) in epochSeries)
        {
            var points = Epochs.Where(r => r.Values.ContainsKey(key)).ToList();
            if (points.Count > 0) plot.Add(label, points.Select(r => (double)r.Step).ToList(), points.Select(r => r.Values[key]).ToList());
        }
        return plot;
    }

    /// <summary>One row per epoch: epoch, step, then every end-of-epoch value (columns in the order they first appear).</summary>
    public (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) EpochTable()
    {
        var keys = Epochs.SelectMany(r => r.Values.Keys).Distinct().ToList();
        var rows = Epochs.Select(r => (IReadOnlyList<string>)[
            r.Epoch.ToString(CultureInfo.InvariantCulture),
            r.Step.ToString(CultureInfo.InvariantCulture),
            .. keys.Select(k => r.Values.TryGetValue(k, out double v) ? Format(v) : "")]).ToList();
        return (["epoch", "step", .. keys], rows);
    }

    /// <summary>A number for tables and console lines: two decimals from 100 on, four significant digits below.</summary>
    public static string Format(double value)
        => value.ToString(Math.Abs(value) >= 100 ? "F2" : "G4", CultureInfo.InvariantCulture);

    private static bool IsEpochSummary(MetricsRecord r)
        => r.Values.Count > 0 && r.Values.Keys.All(k => k.StartsWith("train_", StringComparison.Ordinal) || k.StartsWith("test_", StringComparison.Ordinal));
}
