using System.Diagnostics;
using Latent.Distributed;
using Latent.IO;
using Latent.Tests.IO;
using Latent.Tests.Models;

namespace Latent.Tests.Distributed;

/// <summary>
/// The MPI binding against Debian's Open MPI: `latent doctor` reports the library, and under
/// `mpirun -np 2` both ranks take part in an allreduce and a broadcast whose results are known.
/// </summary>
public class MpiTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Latent.Cli.dll");

    private static string? Mpirun() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["CI"] = "true"; // plain progress lines
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), $"{program} {string.Join(" ", args)} did not finish in 120 s");
        return (process.ExitCode, stdout + stderr.Result);
    }

    [SkippableFact]
    public void TheLibraryReportsItsVersionWithoutMpirun()
    {
        Skip.IfNot(MpiWorld.LibraryAvailable, "Open MPI is not installed (apt-get install openmpi-bin libopenmpi-dev)");
        Assert.StartsWith("Open MPI v", MpiWorld.LibraryVersion);
        var (code, output) = Run("dotnet", Cli, "doctor");
        Assert.True(code == 0, output);
        Assert.Matches(@"MPI\s+Open MPI v\d+\.\d+.*not started under mpirun", output);
    }

    [SkippableFact]
    public void TwoRanksUnderMpirunAllreduceAndBroadcast()
    {
        string? mpirun = Mpirun();
        Skip.If(mpirun == null, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev): the 2-rank test cannot run");
        var (code, output) = Run(mpirun!, "-np", "2", "--oversubscribe", "--allow-run-as-root", "dotnet", Cli, "doctor");
        Assert.True(code == 0, output);
        Assert.Contains("2 ranks seen, rank 0 reporting; allreduce and broadcast work", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("MPI ", StringComparison.Ordinal)); // only rank 0 prints
    }

    /// <summary>A few steps of the (deterministic) autoencoder on 512 images in batches of 64, into <paramref name="runs"/>/<paramref name="name"/>.</summary>
    private static string[] Train(string runs, string name, int steps, bool resume = false) =>
        ["dotnet", Cli, "train", "ae", "--max-steps", $"{steps}", "--train-size", "512", "--batch-size", "64", "--epochs", "1",
         "--run", name, "--runs-dir", runs, .. (resume ? new[] { "--resume" } : [])];

    private static (int, string) RunRanks(string mpirun, int ranks, string[] command)
        => Run(mpirun, ["-np", $"{ranks}", "--oversubscribe", "--allow-run-as-root", "-x", "CI", .. command]);

    private static (int, string) RunAlone(string[] command) => Run(command[0], command[1..]);

    private static void AssertSameParameters(string expectedRun, string actualRun)
    {
        var expected = SafeTensors.Read(Path.Combine(expectedRun, "checkpoints", "last.safetensors")).Tensors;
        var actual = SafeTensors.Read(Path.Combine(actualRun, "checkpoints", "last.safetensors")).Tensors;
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, e) in expected)
        {
            var a = actual[name];
            Assert.Equal(e.Shape, a.Shape);
            for (int i = 0; i < e.Size; i++)
            {
                float x = e.Data[i], y = a.Data[i];
                Assert.True(Math.Abs(x - y) <= 1e-5f + 1e-3f * Math.Abs(x), $"{name}[{i}]: one process {x}, two ranks {y}");
            }
        }
    }

    [SkippableFact]
    public void TwoRanksTrainToTheParametersOfOneProcess()
    {
        string? mpirun = Mpirun();
        Skip.If(mpirun == null, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev): the 2-rank test cannot run");
        TestData.RequireFashionMnist();
        using var dir = new TempDirectory();
        var (code, output) = RunAlone(Train(dir.Path, "one", 6));
        Assert.True(code == 0, output);
        (code, output) = RunRanks(mpirun!, 2, Train(dir.Path, "two", 6));
        Assert.True(code == 0, output);
        Assert.Contains("Data-parallel over 2 MPI ranks", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("Done: 6 steps.", StringComparison.Ordinal)); // rank 0 alone reports and writes
        // Each rank computed the gradient of its 32 images; the average over the ranks is the gradient of the 64.
        AssertSameParameters(dir.File("one"), dir.File("two"));
    }

    [SkippableFact]
    public void TwoRanksResumeARunThatOneProcessStarted()
    {
        string? mpirun = Mpirun();
        Skip.If(mpirun == null, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev): the 2-rank test cannot run");
        TestData.RequireFashionMnist();
        using var dir = new TempDirectory();
        var (code, output) = RunAlone(Train(dir.Path, "straight", 6));
        Assert.True(code == 0, output);
        (code, output) = RunAlone(Train(dir.Path, "split", 3));
        Assert.True(code == 0, output);
        (code, output) = RunRanks(mpirun!, 2, Train(dir.Path, "split", 6, resume: true));
        Assert.True(code == 0, output);
        Assert.Contains("resumed from", output);
        AssertSameParameters(dir.File("straight"), dir.File("split"));
    }
}
