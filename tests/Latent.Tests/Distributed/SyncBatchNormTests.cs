using Latent.Tests.IO;
using static Latent.Tests.Distributed.MpiProcesses;

namespace Latent.Tests.Distributed;

/// <summary>
/// A GAN whose generator has batch norm: under `mpirun -np 2` with --sync-batch-norm its parameters and running
/// statistics match one process's; with local batch norm (the default) each rank normalises its half of the batch
/// with the half's own statistics, and the run does not match.
/// </summary>
public class SyncBatchNormTests
{
    private static string[] BatchNormGan(string runs, string name, params string[] more) =>
        ["train", "gan", "--data", "toy:ring8", "--toy-samples", "512", "--norm", "batch", "--max-steps", "4",
         "--batch-size", "64", "--epochs", "1", "--run", name, "--runs-dir", runs, .. more];

    [SkippableFact]
    public void SynchronisedBatchNormMatchesOneProcessAndLocalBatchNormDoesNot()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        var one = Alone(BatchNormGan(dir.Path, "one"));
        Assert.True(one.Code == 0, one.Output);
        var synced = Ranks(mpirun, 2, BatchNormGan(dir.Path, "synced", "--sync-batch-norm"));
        Assert.True(synced.Code == 0, synced.Output);
        Assert.Contains("batch norm synchronised over the ranks", synced.Output);
        AssertSameParameters(dir.File("one"), dir.File("synced")); // running_mean and running_var included
        var local = Ranks(mpirun, 2, BatchNormGan(dir.Path, "local"));
        Assert.True(local.Code == 0, local.Output);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameParameters(dir.File("one"), dir.File("local")));
    }
}
