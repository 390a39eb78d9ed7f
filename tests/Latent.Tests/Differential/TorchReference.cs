using System.Diagnostics;
using System.Text.Json;
using Latent.Tensors;

namespace Latent.Tests.Differential;

/// <summary>PyTorch's float64 results for one case: output, gradients and second-order gradients (null when not asked).</summary>
public sealed record TorchResult(int[] Shape, double[] Out, double[][]? Grad, double[][]? GradGrad, string? Error);

/// <summary>A case with its drawn inputs, output weighting and second-order directions, and PyTorch's answer.</summary>
public sealed record PreparedCase(DifferentialCase Case, DiffInput[] Inputs, Tensor Weights, Tensor[] Directions, string? LatentError)
{
    /// <summary>PyTorch's result, or null when the reference did not run.</summary>
    public TorchResult? Reference { get; set; }
}

/// <summary>
/// Draws every case's inputs, writes them to a temporary directory, and runs tests/…/Differential/torch_reference.py
/// once with Debian's /usr/bin/python3 for all cases. When PyTorch is missing <see cref="Unavailable"/> says why.
/// </summary>
public sealed class TorchReference
{
    /// <summary>Debian's interpreter, which has python3-torch; LATENT_TEST_PYTHON overrides it (e.g. to check the skip path).</summary>
    private static readonly string Python = Environment.GetEnvironmentVariable("LATENT_TEST_PYTHON") ?? "/usr/bin/python3";

    /// <summary>Runs the reference for every case in <see cref="DifferentialCases.All"/>.</summary>
    public TorchReference()
    {
        var clock = Stopwatch.StartNew();
        foreach (var c in DifferentialCases.All) Cases[c.Name] = Prepare(c);
        Unavailable = Probe();
        if (Unavailable == null) RunPython();
        Elapsed = clock.Elapsed;
    }

    /// <summary>Every case by name.</summary>
    public Dictionary<string, PreparedCase> Cases { get; } = [];

    /// <summary>Why PyTorch cannot be used here, or null when it ran.</summary>
    public string? Unavailable { get; }

    /// <summary>PyTorch's version string, when it ran.</summary>
    public string? TorchVersion { get; private set; }

    /// <summary>Time to prepare the cases and run the reference.</summary>
    public TimeSpan Elapsed { get; }

    private static PreparedCase Prepare(DifferentialCase c)
    {
        var gen = new Generator(c.Seed);
        var inputs = c.Inputs(gen);
        int[] outShape;
        string? error = null;
        try
        {
            outShape = c.Latent(inputs.Select(i => i.Grad ? i.Value.Detach().RequireGrad() : i.Value.Detach()).ToArray()).Shape;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            outShape = [1];
        }
        var weights = Tensor.Randn(outShape, gen);
        var directions = inputs.Where(i => i.Grad).Select(i => Tensor.Randn(i.Value.Shape, gen)).ToArray();
        return new PreparedCase(c, inputs, weights, directions, error);
    }

    private static string? Probe()
    {
        if (!File.Exists(Python)) return $"{Python} is missing";
        var (code, _, err) = Execute(["-c", "import torch"], TimeSpan.FromMinutes(2));
        return code == 0 ? null : $"PyTorch is not installed for {Python} (apt-get install python3-torch): {err.Trim()}";
    }

    private void RunPython()
    {
        string dir = Path.Combine(Path.GetTempPath(), "latent-differential-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string casesPath = Path.Combine(dir, "cases.json"), resultsPath = Path.Combine(dir, "results.json");
            WriteCases(casesPath);
            string script = Path.Combine(AppContext.BaseDirectory, "Differential", "torch_reference.py");
            var (code, _, err) = Execute([script, casesPath, resultsPath], TimeSpan.FromMinutes(10));
            if (code != 0) throw new InvalidOperationException($"torch_reference.py failed ({code}): {err}");
            ReadResults(resultsPath);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private void WriteCases(string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteStartArray("cases");
        foreach (var p in Cases.Values)
        {
            if (p.LatentError != null) continue;
            w.WriteStartObject();
            w.WriteString("name", p.Case.Name);
            w.WriteString("expr", p.Case.Torch);
            w.WriteBoolean("second", p.Case.SecondOrder);
            w.WriteStartArray("inputs");
            foreach (var input in p.Inputs)
            {
                w.WriteStartObject();
                WriteInts(w, "shape", input.Value.Shape);
                WriteValues(w, "values", input.Value);
                w.WriteBoolean("grad", input.Grad);
                w.WriteBoolean("index", input.Index);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteValues(w, "weights", p.Weights);
            w.WriteStartArray("directions");
            foreach (var d in p.Directions) WriteValues(w, null, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, int[] values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static void WriteValues(Utf8JsonWriter w, string? name, Tensor t)
    {
        if (name == null) w.WriteStartArray(); else w.WriteStartArray(name);
        foreach (float v in t.ToArray())
        {
            if (float.IsFinite(v)) w.WriteNumberValue((double)v); // exact: every float is a double
            else w.WriteStringValue(float.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
        }
        w.WriteEndArray();
    }

    private void ReadResults(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        TorchVersion = doc.RootElement.GetProperty("torch").GetString();
        foreach (var entry in doc.RootElement.GetProperty("results").EnumerateObject())
        {
            var r = entry.Value;
            TorchResult result = r.TryGetProperty("error", out var error)
                ? new TorchResult([], [], null, null, error.GetString())
                : new TorchResult(r.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                    Values(r.GetProperty("out")), Lists(r, "grad"), Lists(r, "gradgrad"), null);
            Cases[entry.Name].Reference = result;
        }
    }

    private static double[][]? Lists(JsonElement r, string name)
        => r.TryGetProperty(name, out var lists) ? lists.EnumerateArray().Select(Values).ToArray() : null;

    private static double[] Values(JsonElement array) => array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number
        ? e.GetDouble()
        : e.GetString() switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => double.NaN }).ToArray();

    private static (int Code, string Stdout, string Stderr) Execute(string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
