using Latent.Tests.IO;
using Latent.Tests.Models;
using static Latent.Tests.Distributed.MpiProcesses;

namespace Latent.Tests.Distributed;

/// <summary>
/// `mpirun -np 2 latent train …` with global batch B ends with the parameters of one process trained with batch B, for
/// models with noise inside (the VAE's reparameterization, the GAN's latent codes: every rank takes its rows of the
/// global batch's draws) and both of a GAN's networks; and a run moves between one process and two ranks on resume.
/// </summary>
public class DataParallelTests
{
    /// <summary>The MLP VAE (W1's networks) for <paramref name="steps"/> steps of 64 images out of 256.</summary>
    private static string[] Vae(string runs, string name, int steps, bool resume = false) =>
        ["train", "vae", "--max-steps", $"{steps}", "--train-size", "256", "--batch-size", "64", "--epochs", "2",
         "--run", name, "--runs-dir", runs, .. (resume ? new[] { "--resume" } : [])];

    /// <summary>A small MLP GAN on the 8-Gaussian ring, without batch norm, two discriminator steps per generator step.</summary>
    private static string[] Gan(string runs, string name, int steps, params string[] more) =>
        ["train", "gan", "--data", "toy:ring8", "--toy-samples", "512", "--norm", "none", "--d-steps", "2", "--max-steps", $"{steps}",
         "--batch-size", "64", "--epochs", "1", "--run", name, "--runs-dir", runs, .. more];

    private static void Succeeded((int Code, string Output) run) => Assert.True(run.Code == 0, run.Output);

    [SkippableFact]
    public void TwoRanksTrainAVaeToTheParametersOfOneProcess()
    {
        string mpirun = RequireMpirun();
        TestData.RequireFashionMnist();
        using var dir = new TempDirectory();
        Succeeded(Alone(Vae(dir.Path, "one", 6)));
        var two = Ranks(mpirun, 2, Vae(dir.Path, "two", 6));
        Succeeded(two);
        Assert.Contains("Data-parallel over 2 MPI ranks", two.Output);
        Assert.Single(two.Output.Split('\n'), l => l.StartsWith("Done: 6 steps.", StringComparison.Ordinal)); // rank 0 alone reports and writes
        AssertSameParameters(dir.File("one"), dir.File("two"));
    }

    [SkippableFact]
    public void TwoRanksTrainAGanToTheParametersOfOneProcess()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        Succeeded(Alone(Gan(dir.Path, "one", 6)));
        Succeeded(Ranks(mpirun, 2, Gan(dir.Path, "two", 6)));
        AssertSameParameters(dir.File("one"), dir.File("two")); // generator and discriminator
    }

    [SkippableFact]
    public void TwoRanksTrainAWganGpToTheParametersOfOneProcess()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        string[] wgan = ["--loss", "wasserstein", "--gp", "10"]; // the penalty's ε is per-example noise too
        Succeeded(Alone(Gan(dir.Path, "one", 6, wgan)));
        Succeeded(Ranks(mpirun, 2, Gan(dir.Path, "two", 6, wgan)));
        AssertSameParameters(dir.File("one"), dir.File("two"));
    }

    [SkippableFact]
    public void TheDistributedFlagOptsInAndOut()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        var detected = Ranks(mpirun, 1, Gan(dir.Path, "detected", 1));
        Succeeded(detected);
        Assert.Contains("Data-parallel over 1 MPI rank", detected.Output); // mpirun's environment is recognised
        var optedOut = Ranks(mpirun, 1, Gan(dir.Path, "opted-out", 1, "--distributed", "false"));
        Succeeded(optedOut);
        Assert.DoesNotContain("Data-parallel over", optedOut.Output);
        var optedIn = Alone(Gan(dir.Path, "opted-in", 1, "--distributed")); // MPI's singleton start, without mpirun
        Succeeded(optedIn);
        Assert.Contains("Data-parallel over 1 MPI rank", optedIn.Output);
    }

    [SkippableFact]
    public void ARunMovesBetweenOneProcessAndTwoRanksOnResume()
    {
        string mpirun = RequireMpirun();
        TestData.RequireFashionMnist();
        using var dir = new TempDirectory();
        Succeeded(Alone(Vae(dir.Path, "straight", 6))); // 4 steps make an epoch: the resumes cross an epoch's end
        // One process starts, two ranks resume.
        Succeeded(Alone(Vae(dir.Path, "one-then-two", 3)));
        var resumed = Ranks(mpirun, 2, Vae(dir.Path, "one-then-two", 6, resume: true));
        Succeeded(resumed);
        Assert.Contains("resumed from", resumed.Output);
        AssertSameParameters(dir.File("straight"), dir.File("one-then-two"));
        // Two ranks start, one process resumes.
        Succeeded(Ranks(mpirun, 2, Vae(dir.Path, "two-then-one", 3)));
        Succeeded(Alone(Vae(dir.Path, "two-then-one", 6, resume: true)));
        AssertSameParameters(dir.File("straight"), dir.File("two-then-one"));
    }
}
