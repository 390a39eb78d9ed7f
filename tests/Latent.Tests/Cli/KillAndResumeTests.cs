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
        using var dir = new TempDirectory();
        string[] common = ["train", "gan", "--runs-dir", dir.Path, "--toy-samples", "2048", "--max-steps", "600", "--checkpoint-every", "2", "--epochs", "1000"];
        Assert.Equal(0, Start([.. common, "--run", "straight"]).WaitAndGetExitCode());

        // Each kill waits for the progress line of a chosen step, then a random few milliseconds, so the kills land at
        // random moments of the run however fast the machine is (a wall-clock delay alone let fast machines finish first).
        var rng = new Random(12345);
        int[] killSteps = [.. Enumerable.Range(0, kills).Select(_ => rng.Next(10, 540)).Order()];
        string[] interrupted = [.. common, "--run", "killed"];
        string checkpoints = Path.Combine(dir.Path, "killed", "checkpoints");
        int done = 0, attempts = 0;
        while (true)
        {
            attempts++;
            bool resume = File.Exists(Path.Combine(checkpoints, "last.json"));
            using var reached = new ManualResetEventSlim();
            int target = done < kills ? killSteps[done] : int.MaxValue;
            var process = Start(resume ? [.. interrupted, "--resume"] : interrupted, step => { if (step >= target) reached.Set(); });
            if (done < kills)
            {
                while (!reached.Wait(50) && !process.HasExited) { }
                if (reached.IsSet)
                {
                    Thread.Sleep(rng.Next(0, 40));
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    done++;
                    continue;
                }
            }
            int code = process.WaitAndGetExitCode();
            Assert.True(code == 0, $"attempt {attempts} ({(resume ? "resume" : "start")}) exited {code}: {process.StandardError.ReadToEnd()}");
            break;
        }
        Assert.True(done == kills, $"the run finished after {done} of {kills} kills; give it more steps");
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "straight", "checkpoints", "last.safetensors")),
            File.ReadAllBytes(Path.Combine(checkpoints, "last.safetensors")));
    }

    private static Process Start(string[] args, Action<int>? onStep = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true"; // plain progress lines
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            // Progress lines read "step 330/600 (55%) ...".
            if (e.Data is { } line && line.StartsWith("step ", StringComparison.Ordinal) && line.IndexOf('/') is > 5 and int slash
                && int.TryParse(line.AsSpan(5, slash - 5), out int step))
                onStep?.Invoke(step);
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
