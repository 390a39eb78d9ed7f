using System.Diagnostics;
using Latent.Distributed;

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
}
