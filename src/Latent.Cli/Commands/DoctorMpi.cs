using Latent.Distributed;

namespace Latent.Cli.Commands;

/// <summary>The MPI line of <c>latent doctor</c>: the library, its version, and under mpirun the ranks and a collective check.</summary>
internal static class DoctorMpi
{
    /// <summary>
    /// Describes MPI on this machine. With a <paramref name="world"/> (started under mpirun) every rank takes part in
    /// an allreduce and a broadcast whose results are known, so the line says whether the collectives work.
    /// </summary>
    public static string Describe(MpiWorld? world)
    {
        if (!MpiWorld.LibraryAvailable)
            return "Open MPI not found (libmpi.so.40): data-parallel training under mpirun is unavailable. Install it with: apt-get install openmpi-bin libopenmpi-dev";
        string library = $"{FirstLine(MpiWorld.LibraryVersion)} at {MpiWorld.LibraryPath}";
        if (world == null)
            return $"{library}; not started under mpirun (run `mpirun -np 2 ./latent doctor` to check the ranks)";
        var sum = new float[] { world.Rank + 1f };
        world.AllreduceSum(sum);
        var token = new float[] { world.IsRoot ? 42f : -1f };
        world.Broadcast(token);
        world.Barrier();
        float expected = world.Size * (world.Size + 1) / 2f;
        bool ok = sum[0] == expected && token[0] == 42f;
        return $"{library}; {world.Size} ranks seen, rank {world.Rank} reporting; allreduce {(ok ? "and broadcast work" : $"FAILED (sum {sum[0]}, expected {expected}; broadcast {token[0]})")}";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim().TrimEnd(',');
}
