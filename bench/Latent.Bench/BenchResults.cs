using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>Where a suite's result goes: bench/results/&lt;name&gt;.json, or &lt;name&gt;.avx2.json in an AVX2-only run.</summary>
internal static class BenchResults
{
    /// <summary>The instruction-set variant of this run (bench/run.sh --avx2 sets LATENT_BENCH_ISA=avx2), null when native.</summary>
    public static string? Variant => Environment.GetEnvironmentVariable("LATENT_BENCH_ISA") is { Length: > 0 } v && v != "native" ? v : null;

    /// <summary>Writes <paramref name="result"/> (indented) to the suite's result file, prints it, and returns the path.</summary>
    public static string Write(string name, JsonObject result)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var text = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path, text + "\n");
        Console.WriteLine(text);
        Console.WriteLine($"wrote {path}");
        return path;
    }

    /// <summary>The result file of suite <paramref name="name"/> in this run's variant.</summary>
    public static string PathOf(string name)
        => System.IO.Path.Combine(EngineBench.FindRepoRoot(), "bench", "results", Variant is { } v ? $"{name}.{v}.json" : $"{name}.json");
}
