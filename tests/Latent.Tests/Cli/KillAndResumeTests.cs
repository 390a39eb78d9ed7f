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

        var rng = new Random(12345);
        string[] interrupted = [.. common, "--run", "killed"];
        string checkpoints = Path.Combine(dir.Path, "killed", "checkpoints");
        int done = 0, attempts = 0;
        while (true)
        {
            attempts++;
            bool resume = File.Exists(Path.Combine(checkpoints, "last.json"));
            var process = Start(resume ? [.. interrupted, "--resume"] : interrupted);
            if (done < kills && !process.WaitForExit(rng.Next(100, 1500)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                done++;
                continue;
            }
            int code = process.WaitAndGetExitCode();
            Assert.True(code == 0, $"attempt {attempts} ({(resume ? "resume" : "start")}) exited {code}: {process.StandardError.ReadToEnd()}");
            break;
        }
        Assert.True(done == kills, $"the run finished after {done} of {kills} kills; give it more steps");
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "straight", "checkpoints", "last.safetensors")),
            File.ReadAllBytes(Path.Combine(checkpoints, "last.safetensors")));
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true"; // plain progress lines
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
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
