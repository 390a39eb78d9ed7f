using System.Diagnostics;

namespace Latent.Tests.IO;

/// <summary>
/// Runs Debian's /usr/bin/python3 (which has numpy and PIL from apt) to cross-check files against independent
/// implementations. Tests return early with a note when it or a module is unavailable.
/// </summary>
internal static class SystemPython
{
    private const string Executable = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with arguments; null when Python or one of <paramref name="modules"/> is missing.</summary>
    public static string? Run(string script, string[] modules, params string[] args)
    {
        if (!File.Exists(Executable)) return null;
        var probe = Execute($"import {string.Join(", ", modules)}", []);
        if (probe.ExitCode != 0) return null;
        var result = Execute(script, args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Python script failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout;
    }

    private static (int ExitCode, string Stdout, string Stderr) Execute(string script, string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start python3.");
        var stderrTask = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderrTask.Result);
    }
}
