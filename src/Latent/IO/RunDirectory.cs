using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.IO;

/// <summary>
/// The folder of one training run: <c>runs/&lt;name&gt;/</c> holding <c>config.json</c>, <c>metrics.jsonl</c> (one JSON
/// object per line: step, epoch, time and named values), <c>checkpoints/</c> and <c>samples/</c>.
/// </summary>
/// <example>
/// <code>
/// var run = RunDirectory.Create("vae-fashion");
/// run.WriteConfig(new JsonObject { ["model"] = "vae", ["latent"] = 16 });
/// run.LogMetrics(step: 100, epoch: 0, new Dictionary&lt;string, double&gt; { ["loss"] = 0.31 });
/// ImageGrid.Save(samples, run.SamplePath("step-100.png"));
/// </code>
/// </example>
public sealed class RunDirectory
{
    /// <summary>The default parent folder of runs, relative to the working directory.</summary>
    public const string DefaultRoot = "runs";

    private static readonly string[] Reserved = ["step", "epoch", "time"];

    /// <summary>Opens the run folder at <paramref name="path"/>, creating it and its subfolders when missing.</summary>
    public RunDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(CheckpointsDirectory);
        Directory.CreateDirectory(SamplesDirectory);
    }

    /// <summary>Creates (or reopens) the run <paramref name="name"/> under <paramref name="root"/> (default <c>runs</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty or contains a path separator.</exception>
    public static RunDirectory Create(string name, string root = DefaultRoot) => new(PathOf(name, root));

    /// <summary>The full path of run <paramref name="name"/> under <paramref name="root"/>, checked but not created.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains a path separator.</exception>
    public static string PathOf(string name, string root = DefaultRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"Run name '{name}' must be a plain folder name (no path separators).", nameof(name));
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(root, name));
    }

    /// <summary>Whether <paramref name="path"/> holds a run (a <c>config.json</c> or a checkpoint), without creating anything.</summary>
    public static bool IsRun(string path)
        => File.Exists(System.IO.Path.Combine(path, "config.json")) || Directory.Exists(System.IO.Path.Combine(path, "checkpoints"));

    /// <summary>The absolute path of the run folder.</summary>
    public string Path { get; }

    /// <summary>The run's name (the folder name).</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The path of <c>config.json</c>.</summary>
    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");

    /// <summary>The path of <c>metrics.jsonl</c>.</summary>
    public string MetricsPath => System.IO.Path.Combine(Path, "metrics.jsonl");

    /// <summary>The <c>checkpoints/</c> folder.</summary>
    public string CheckpointsDirectory => System.IO.Path.Combine(Path, "checkpoints");

    /// <summary>The <c>samples/</c> folder.</summary>
    public string SamplesDirectory => System.IO.Path.Combine(Path, "samples");

    /// <summary>The path of a file in <c>samples/</c>.</summary>
    public string SamplePath(string fileName) => System.IO.Path.Combine(SamplesDirectory, fileName);

    /// <summary>The stem (path without extension) of checkpoint <paramref name="name"/> in <c>checkpoints/</c>.</summary>
    public string CheckpointStem(string name) => System.IO.Path.Combine(CheckpointsDirectory, name);

    /// <summary>Writes <c>config.json</c> atomically (indented).</summary>
    public void WriteConfig(JsonNode config)
    {
        ArgumentNullException.ThrowIfNull(config);
        AtomicFile.WriteJson(ConfigPath, config);
    }

    /// <summary>Reads <c>config.json</c>, or returns null when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON.</exception>
    public JsonNode? ReadConfig()
    {
        if (!File.Exists(ConfigPath)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(ConfigPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Run config '{ConfigPath}': invalid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Appends one line to <c>metrics.jsonl</c>. Non-finite values are written as the strings "NaN", "Infinity", "-Infinity".</summary>
    /// <exception cref="ArgumentException">A value is named step, epoch or time.</exception>
    public void LogMetrics(long step, int epoch, IReadOnlyDictionary<string, double> values, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("step", step);
            w.WriteNumber("epoch", epoch);
            w.WriteString("time", (time ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            foreach (var (key, value) in values)
            {
                if (Reserved.Contains(key))
                    throw new ArgumentException($"Metric name '{key}' is reserved in metrics.jsonl (step, epoch and time are written for you).", nameof(values));
                if (double.IsFinite(value)) w.WriteNumber(key, value);
                else w.WriteString(key, FormatNonFinite(value));
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        using var file = new FileStream(MetricsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads every line of <c>metrics.jsonl</c> (an unfinished last line from a crash is ignored).</summary>
    /// <exception cref="InvalidDataException">A complete line is not a metrics object; the message gives the line number.</exception>
    public IReadOnlyList<MetricsRecord> ReadMetrics()
    {
        var records = new List<MetricsRecord>();
        if (!File.Exists(MetricsPath)) return records;
        string text = File.ReadAllText(MetricsPath, Encoding.UTF8);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0) continue;
            bool unfinished = i == lines.Length - 1; // no newline after it
            try
            {
                records.Add(ParseLine(line));
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or InvalidOperationException)
            {
                if (unfinished) break;
                throw new InvalidDataException($"Metrics file '{MetricsPath}', line {i + 1}: {e.Message}", e);
            }
        }
        return records;
    }

    /// <summary>The stem of the most recently written complete checkpoint in <c>checkpoints/</c>, or null.</summary>
    public string? LatestCheckpointStem()
    {
        if (!Directory.Exists(CheckpointsDirectory)) return null;
        return Directory.EnumerateFiles(CheckpointsDirectory, "*.json")
            .Select(f => System.IO.Path.Combine(CheckpointsDirectory, System.IO.Path.GetFileNameWithoutExtension(f)))
            .Where(Checkpoint.Exists)
            .OrderByDescending(stem => File.GetLastWriteTimeUtc(Checkpoint.StatePath(stem)))
            .ThenByDescending(stem => stem, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Saves a checkpoint named <paramref name="name"/> in <c>checkpoints/</c> and returns its stem.</summary>
    public string SaveCheckpoint(string name, IReadOnlyDictionary<string, Tensor> tensors, JsonObject metadata)
    {
        string stem = CheckpointStem(name);
        Checkpoint.Save(stem, tensors, metadata);
        return stem;
    }

    private static MetricsRecord ParseLine(string line)
    {
        if (JsonNode.Parse(line) is not JsonObject obj)
            throw new InvalidDataException("the line is not a JSON object");
        long step = obj["step"]?.GetValue<long>() ?? throw new InvalidDataException("missing \"step\"");
        int epoch = obj["epoch"]?.GetValue<int>() ?? throw new InvalidDataException("missing \"epoch\"");
        string timeText = obj["time"]?.GetValue<string>() ?? throw new InvalidDataException("missing \"time\"");
        var time = DateTimeOffset.Parse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, node) in obj)
        {
            if (Reserved.Contains(key)) continue;
            values[key] = node?.GetValueKind() switch
            {
                JsonValueKind.Number => node.GetValue<double>(),
                JsonValueKind.String => ParseNonFinite(node.GetValue<string>()),
                _ => throw new InvalidDataException($"value \"{key}\" is neither a number nor NaN/Infinity"),
            };
        }
        return new MetricsRecord(step, epoch, time, values);
    }

    private static string FormatNonFinite(double value)
        => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    private static double ParseNonFinite(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => throw new InvalidDataException($"'{text}' is not a number"),
    };
}
