using System.Diagnostics;
using Latent.Tests.IO;

namespace Latent.Tests.Cli;

/// <summary>
/// A training process killed with SIGKILL at random moments always leaves a loadable checkpoint, and resuming until
/// the run finishes gives the same final weights as an uninterrupted run. <c>LATENT_KILL_TESTS</c> sets how many kills
/// (default 6 in the suite; the issue's 50 are run with <c>LATENT_KILL_TESTS=50</c>).
/// </summary>
public sealed class KillAndResumeTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Latent.Cli.dll");

    [Fact]
    public void RandomKillsNeverLoseTheRun()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("LATENT_KILL_TESTS"), out int k) ? k : 6;
        int steps = Math.Max(600, 60 * kills); // each attempt advances at most about 40 steps before its kill
        using var dir = new TempDirectory();
        string[] common = ["train", "gan", "--runs-dir", dir.Path, "--toy-samples", "2048", "--max-steps", $"{steps}", "--checkpoint-every", "2", "--epochs", "100000"];
        var clock = Stopwatch.StartNew();
        TimeSpan trainingStarted = TimeSpan.Zero;
        var straight = Start([.. common, "--run", "straight"], () => trainingStarted = clock.Elapsed);
        Assert.Equal(0, straight.WaitAndGetExitCode());
        double msPerStep = (clock.Elapsed - trainingStarted).TotalMilliseconds / steps;

        // Each kill lands a random time after training starts, within about 40 steps of this machine's pace: random
        // moments of the run (loading, stepping, writing a checkpoint) however fast the machine is.
        var rng = new Random(12345);
        string[] interrupted = [.. common, "--run", "killed"];
        string checkpoints = Path.Combine(dir.Path, "killed", "checkpoints");
        for (int attempt = 1; ; attempt++)
        {
            bool resume = File.Exists(Path.Combine(checkpoints, "last.json"));
            using var started = new ManualResetEventSlim();
            var process = Start(resume ? [.. interrupted, "--resume"] : interrupted, started.Set);
            if (attempt <= kills)
            {
                while (!started.Wait(20) && !process.HasExited) { }
                if (process.HasExited)
                    Assert.Fail(process.ExitCode == 0 ? $"the run finished before kill {attempt} of {kills}; give it more steps"
                        : $"attempt {attempt} exited {process.ExitCode} before its kill: {process.StandardError.ReadToEnd()}");
                Thread.Sleep(TimeSpan.FromMilliseconds(rng.NextDouble() * 40 * msPerStep));
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                continue;
            }
            int code = process.WaitAndGetExitCode();
            Assert.True(code == 0, $"attempt {attempt} ({(resume ? "resume" : "start")}) exited {code}: {process.StandardError.ReadToEnd()}");
            break;
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "straight", "checkpoints", "last.safetensors")),
            File.ReadAllBytes(Path.Combine(checkpoints, "last.safetensors")));
    }

    /// <summary>Starts the CLI; <paramref name="onTrainingStart"/> runs when it prints that training starts ("train gan: 600 steps").</summary>
    private static Process Start(string[] args, Action? onTrainingStart = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true"; // plain progress lines
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("train gan: ", StringComparison.Ordinal)) onTrainingStart?.Invoke();
        };
        process.BeginOutputReadLine();
        return process;
    }
}

internal static class ProcessExtensions
{
    public static int WaitAndGetExitCode(this Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
