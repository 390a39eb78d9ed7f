using System.Diagnostics;
using Latent.IO;

namespace Latent.Tests.Distributed;

/// <summary>
/// Starts the CLI alone or under <c>mpirun -np N</c> for the MPI tests. Every process gets a deadline and is killed
/// with its children when it passes it, so that no test can hang; tests skip where mpirun is missing.
/// </summary>
internal static class MpiProcesses
{
    /// <summary>The CLI next to the test assembly.</summary>
    public static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Latent.Cli.dll");

    /// <summary>Where a run's parameters end up.</summary>
    public static string Weights(string run) => Path.Combine(run, "checkpoints", "last.safetensors");

    /// <summary>The mpirun on PATH, or null.</summary>
    public static string? Mpirun() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    /// <summary>mpirun, or a visible skip.</summary>
    public static string RequireMpirun()
    {
        string? mpirun = Mpirun();
        Skip.If(mpirun == null, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev): the multi-rank test cannot run");
        return mpirun!;
    }

    /// <summary>Options mpirun needs here: ranks may share the 2 cores and CI runs as root; CI=true gives plain progress lines.</summary>
    public static string[] MpirunArguments(int ranks) => ["-np", $"{ranks}", "--oversubscribe", "--allow-run-as-root", "-x", "CI"];

    /// <summary>Starts <paramref name="program"/> with its output collected in the background.</summary>
    public static RunningProcess Start(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["CI"] = "true"; // plain progress lines
        foreach (var a in args) info.ArgumentList.Add(a);
        return new RunningProcess(Process.Start(info)!);
    }

    /// <summary>Runs to the end (at most <paramref name="seconds"/>) and returns the exit code and all output.</summary>
    public static (int Code, string Output) Run(string program, IEnumerable<string> args, int seconds = 180)
    {
        using var process = Start(program, args);
        return process.Finish(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>The CLI with <paramref name="args"/> in one process.</summary>
    public static (int Code, string Output) Alone(params string[] args) => Run("dotnet", [Cli, .. args]);

    /// <summary>The CLI with <paramref name="args"/> under <c>mpirun -np <paramref name="ranks"/></c>.</summary>
    public static (int Code, string Output) Ranks(string mpirun, int ranks, params string[] args)
        => Run(mpirun, [.. MpirunArguments(ranks), "dotnet", Cli, .. args]);

    /// <summary>
    /// Asserts that two runs ended with the same parameters, buffers and optimizer state up to the order of float sums:
    /// every value within <see cref="Loose"/>, and 99.9 % of all values within 1e-5 + 1e-3·|x|.
    /// </summary>
    /// <remarks>
    /// Adam divides each gradient by the root of its running square. Where the gradient is ~0 — the weights of
    /// Fashion-MNIST's border pixels, almost always 0, or the bias of a linear layer followed by batch norm, whose
    /// gradient is 0 up to rounding — summing the shards in another order changes the step by a visible fraction of
    /// the learning rate, so a few values differ by more than 1e-5 + 1e-3·|x| (1 of 2.6 million in the VAE, 13 of
    /// 65,000 in the batch-norm GAN). A wrong gradient (not synchronised, the same noise on both shards, local batch
    /// norm) moves most values by up to a learning rate per step.
    /// </remarks>
    public static void AssertSameParameters(string expectedRun, string actualRun)
    {
        var one = SafeTensors.Read(Weights(expectedRun)).Tensors;
        var other = SafeTensors.Read(Weights(actualRun)).Tensors;
        Assert.Equal(one.Keys.Order(), other.Keys.Order());
        long outside = 0, total = 0;
        string first = "";
        foreach (var (name, e) in one)
        {
            var a = other[name];
            Assert.Equal(e.Shape, a.Shape);
            for (int i = 0; i < e.Size; i++)
            {
                double x = e.Data[i], y = a.Data[i], d = Math.Abs(x - y);
                Assert.True(d <= Loose, $"{name}[{i}]: {x} in {expectedRun}, {y} in {actualRun}: further apart than {Loose}");
                if (d > 1e-5 + 1e-3 * Math.Abs(x) && outside++ == 0) first = $"{name}[{i}]: {x} vs {y}";
            }
            total += e.Size;
        }
        Assert.True(outside <= total / 1000, $"{outside} of {total} values differ by more than 1e-5 + 1e-3·|x| between {expectedRun} and {actualRun} (first: {first})");
    }

    /// <summary>The bound on any single value's difference: a fifth of one Adam step at the default learning rate 1e-3.</summary>
    public const double Loose = 2e-4;
}

/// <summary>A started process whose output is read in the background; disposing kills it and its children if still running.</summary>
internal sealed class RunningProcess(Process process) : IDisposable
{
    private readonly Task<string> _stdout = process.StandardOutput.ReadToEndAsync();
    private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync();

    /// <summary>The process.</summary>
    public Process Process { get; } = process;

    /// <summary>Waits for the end (killing the process tree after <paramref name="timeout"/>, which fails the test).</summary>
    public (int Code, string Output) Finish(TimeSpan timeout)
    {
        bool exited = Process.WaitForExit(timeout);
        if (!exited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit();
        string output = _stdout.Result + _stderr.Result;
        Assert.True(exited, $"{Process.StartInfo.FileName} {string.Join(" ", Process.StartInfo.ArgumentList)} did not finish in {timeout.TotalSeconds:F0} s; output:\n{output}");
        return (Process.ExitCode, output);
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // it ended meanwhile
        Process.Dispose();
    }
}
