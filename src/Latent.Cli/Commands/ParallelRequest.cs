using Latent.Distributed;

namespace Latent.Cli.Commands;

/// <summary>What <c>latent train</c> was asked about data parallelism: <c>--distributed</c> and <c>--sync-batch-norm</c>.</summary>
/// <param name="Distributed">true: train over MPI ranks; false: train alone even under mpirun; null: over MPI when started by mpirun.</param>
/// <param name="SyncBatchNorm">Standardize batch norm with the whole global batch's statistics.</param>
internal sealed record ParallelRequest(bool? Distributed, bool SyncBatchNorm)
{
    /// <summary>The MPI world to train over, or null to train in this process alone.</summary>
    /// <exception cref="InvalidOperationException">--distributed was asked for but Open MPI is not installed.</exception>
    public MpiWorld? OpenWorld()
    {
        bool wanted = Distributed ?? MpiWorld.LaunchedByMpirun;
        if (!wanted) return null;
        if (!MpiWorld.LibraryAvailable)
            throw new InvalidOperationException("--distributed: Open MPI (libmpi.so.40) was not found; install it with: apt-get install openmpi-bin libopenmpi-dev, or set LATENT_MPI to its path.");
        return MpiWorld.Init(); // without mpirun: a world of one rank (MPI's singleton start)
    }
}
