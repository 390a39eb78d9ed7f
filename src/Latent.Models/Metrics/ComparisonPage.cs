using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Metrics;

/// <summary>
/// One self-contained HTML page with evaluated runs side by side (<c>latent compare</c>): each run's latest sample
/// grid (embedded as a data URI), model, family, steps, training wall time and every metric of its <c>eval.json</c>,
/// plus the reference rows of the first run's evaluation. Clicking a column header sorts the table by it.
/// </summary>
public static class ComparisonPage
{
    private static readonly (string Key, string Header, bool LowerIsBetter)[] Columns =
    [
        ("fid", "FID", true), ("kid", "KID", true), ("is", "IS", false), ("precision", "precision", false), ("recall", "recall", false),
        ("density", "density", false), ("coverage", "coverage", false), ("class_accuracy", "class acc.", false),
        ("nll", "NLL (nats)", true), ("bits_per_dim", "bits/dim", true), ("iwae_nll", "IWAE NLL", true),
    ];

    /// <summary>A run as the page shows it.</summary>
    /// <param name="Directory">The run directory.</param>
    /// <param name="Evaluation">Its <c>eval.json</c>.</param>
    public sealed record Entry(string Directory, JsonObject Evaluation);

    /// <summary>Reads <c>eval.json</c> of each run directory.</summary>
    /// <exception cref="FileNotFoundException">A run has not been evaluated (the message says to run <c>latent eval</c>).</exception>
    public static IReadOnlyList<Entry> Read(IEnumerable<string> runDirectories)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        var entries = new List<Entry>();
        foreach (var dir in runDirectories)
        {
            string path = Path.Combine(dir, EvaluationReport.FileName);
            if (!File.Exists(path)) throw new FileNotFoundException($"'{dir}' has no {EvaluationReport.FileName}; run `latent eval {dir}` first.", path);
            entries.Add(new Entry(dir, JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"'{path}' is not a JSON object.")));
        }
        return entries;
    }

    /// <summary>Writes the page to <paramref name="path"/> and returns it.</summary>
    /// <exception cref="ArgumentException">No runs are given.</exception>
    public static string Write(IReadOnlyList<Entry> entries, string path)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(path);
        if (entries.Count == 0) throw new ArgumentException("latent compare needs at least one evaluated run.");
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Latent: runs compared</title><style>
            body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}
            th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3;cursor:pointer;user-select:none}
            td.l,th.l{text-align:left}tr.ref td{background:#fafafa;color:#555}img{image-rendering:pixelated;width:168px}
            .best{font-weight:bold;color:#0a6}</style></head><body>
            <h1>Runs compared</h1>
            """);
        var first = entries[0].Evaluation;
        html.Append(CultureInfo.InvariantCulture, $"<p>Features <b>{Esc(first["features"])}</b> ({Esc(first["feature_dim"])}-d), {Esc(first["settings"]?["samples"])} samples per model, seed {Esc(first["settings"]?["seed"])}. Click a header to sort; the best model value of each column is bold (lower is better for FID, KID and NLL, higher for the rest). Reference rows are grey.</p>");
        html.Append("<table id=\"runs\"><thead><tr><th class=\"l\">samples</th><th class=\"l\">run</th><th class=\"l\">model</th><th class=\"l\">family</th><th>steps</th><th>train time (s)</th>");
        foreach (var c in Columns) html.Append(CultureInfo.InvariantCulture, $"<th>{c.Header}</th>");
        html.Append("</tr></thead><tbody>");
        var best = Columns.ToDictionary(c => c.Key, c =>
        {
            var values = entries.Select(e => Metric(e.Evaluation["result"], c.Key)).Where(v => v.HasValue).Select(v => v!.Value).ToList();
            return values.Count == 0 ? (double?)null : c.LowerIsBetter ? values.Min() : values.Max();
        });
        foreach (var entry in entries)
        {
            var e = entry.Evaluation;
            html.Append("<tr><td class=\"l\">").Append(SampleImage(entry.Directory)).Append("</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"l\">{Esc(e["result"]?["name"])}</td><td class=\"l\">{Esc(e["model"])}</td><td class=\"l\">{Esc(e["family"])}</td><td>{Esc(e["steps"])}</td><td>{Format(TrainingSeconds(entry.Directory))}</td>");
            foreach (var c in Columns)
            {
                double? v = Metric(e["result"], c.Key);
                string cls = v.HasValue && best[c.Key] == v ? " class=\"best\"" : "";
                html.Append(CultureInfo.InvariantCulture, $"<td{cls}>{Format(v)}</td>");
            }
            html.Append("</tr>");
        }
        foreach (var row in first["reference"]?.AsArray() ?? [])
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"ref\"><td class=\"l\"></td><td class=\"l\">{Esc(row?["name"])}</td><td class=\"l\">{Esc(row?["kind"])}</td><td class=\"l\">reference</td><td></td><td></td>");
            foreach (var c in Columns) html.Append(CultureInfo.InvariantCulture, $"<td>{Format(Metric(row, c.Key))}</td>");
            html.Append("</tr>");
        }
        html.Append("""
            </tbody></table>
            <script>
            document.querySelectorAll('#runs th').forEach((th, col) => th.addEventListener('click', () => {
              const body = th.closest('table').tBodies[0];
              const rows = [...body.rows];
              const dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir === 1 ? 'asc' : 'desc';
              const key = r => { const t = r.cells[col].innerText.trim(); const n = parseFloat(t); return isNaN(n) ? t : n; };
              rows.sort((a, b) => { const x = key(a), y = key(b);
                if (x === '–' || x === '') return 1; if (y === '–' || y === '') return -1;
                return (x > y ? 1 : x < y ? -1 : 0) * dir; });
              rows.forEach(r => body.appendChild(r));
            }));
            </script></body></html>
            """);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(path, html.ToString());
        return path;
    }

    private static double? Metric(JsonNode? row, string key)
        => row?["metrics"]?[key] is JsonValue v && v.TryGetValue(out double d) ? d : null;

    private static string Format(double? v) => v is double d
        ? Math.Abs(d) >= 100 ? d.ToString("F1", CultureInfo.InvariantCulture) : d.ToString("G4", CultureInfo.InvariantCulture)
        : "–";

    private static string Esc(JsonNode? node) => WebUtility.HtmlEncode(node?.ToString() ?? "");

    /// <summary>
    /// The run's newest grid of samples (<c>*samples.png</c>, else <c>epoch-*.png</c>, else any picture) and, for audio
    /// models, a player for its newest clip, embedded; empty when it has none.
    /// </summary>
    private static string SampleImage(string runDirectory)
    {
        var samples = Path.Combine(runDirectory, "samples");
        if (!Directory.Exists(samples)) return "";
        var newest = new DirectoryInfo(samples).EnumerateFiles("*.png")
            .OrderByDescending(f => f.Name.EndsWith("samples.png", StringComparison.Ordinal) ? 2 : f.Name.StartsWith("epoch", StringComparison.Ordinal) ? 1 : 0)
            .ThenByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal).FirstOrDefault();
        string image = newest == null ? "" : $"<img alt=\"{WebUtility.HtmlEncode(newest.Name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(newest.FullName))}\">";
        // Audio models: the newest clip as a player under its waveforms.
        var clip = new DirectoryInfo(samples).EnumerateFiles("*.wav")
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault();
        return clip == null ? image : image + "<br>" + HtmlReport.AudioElement(File.ReadAllBytes(clip.FullName));
    }

    /// <summary>Seconds between the first and the last line of the run's metrics.jsonl (null without two lines).</summary>
    private static double? TrainingSeconds(string runDirectory)
    {
        string path = Path.Combine(runDirectory, "metrics.jsonl");
        if (!File.Exists(path)) return null;
        var times = File.ReadLines(path).Select(l => JsonNode.Parse(l)?["time"]?.GetValue<DateTimeOffset>()).Where(t => t.HasValue).Select(t => t!.Value).ToList();
        return times.Count < 2 ? null : Math.Round((times[^1] - times[0]).TotalSeconds, 1);
    }
}
