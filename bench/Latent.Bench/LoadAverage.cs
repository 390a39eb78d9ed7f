namespace Latent.Bench;

/// <summary>The machine's load averages: every timing taken while others use the cores is quoted beside them.</summary>
internal static class LoadAverage
{
    /// <summary>"1-min 5-min 15-min" from /proc/loadavg, or "unknown" where it cannot be read.</summary>
    public static string Read()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
