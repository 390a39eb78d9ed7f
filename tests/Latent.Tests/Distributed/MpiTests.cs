using Latent.Distributed;
using static Latent.Tests.Distributed.MpiProcesses;

namespace Latent.Tests.Distributed;

/// <summary>
/// The MPI binding against Debian's Open MPI: `latent doctor` reports the library, and under
/// `mpirun -np 2` both ranks take part in an allreduce and a broadcast whose results are known.
/// </summary>
public class MpiTests
{
    [SkippableFact]
    public void TheLibraryReportsItsVersionWithoutMpirun()
    {
        Skip.IfNot(MpiWorld.LibraryAvailable, "Open MPI is not installed (apt-get install openmpi-bin libopenmpi-dev)");
        Assert.StartsWith("Open MPI v", MpiWorld.LibraryVersion);
        var (code, output) = Alone("doctor");
        Assert.True(code == 0, output);
        Assert.Matches(@"MPI\s+Open MPI v\d+\.\d+.*not started under mpirun", output);
    }

    [SkippableFact]
    public void TwoRanksUnderMpirunAllreduceAndBroadcast()
    {
        string mpirun = RequireMpirun();
        var (code, output) = Ranks(mpirun, 2, "doctor");
        Assert.True(code == 0, output);
        Assert.Contains("2 ranks seen, rank 0 reporting; allreduce and broadcast work", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("MPI ", StringComparison.Ordinal)); // only rank 0 prints
    }
}
