namespace Latent.Distributed;

/// <summary>
/// MPI_COMM_WORLD of a process started by <c>mpirun</c>: its rank and size, and the collectives data-parallel training
/// needs (sum-allreduce of floats, broadcast, barrier, abort) on Open MPI.
/// </summary>
/// <example>
/// <code>
/// using var world = MpiWorld.Init();            // under: mpirun -np 2 dotnet my.dll
/// var gradient = new float[] { world.Rank + 1f };
/// world.AllreduceSum(gradient);                 // every rank now holds 3
/// </code>
/// </example>
public sealed unsafe class MpiWorld : IDisposable
{
    private static MpiWorld? _current;
    private readonly nint _comm, _float, _byte, _sum;
    private bool _disposed;

    private MpiWorld()
    {
        _comm = MpiNative.CommWorld;
        _float = MpiNative.Float;
        _byte = MpiNative.Byte;
        _sum = MpiNative.Sum;
        Check(MpiNative.CommRank(_comm, out int rank), "MPI_Comm_rank");
        Check(MpiNative.CommSize(_comm, out int size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
    }

    /// <summary>This process's rank, 0 … <see cref="Size"/> − 1.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public int Size { get; }

    /// <summary>Whether this is rank 0, the one that writes files.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>Whether an Open MPI library (<c>libmpi.so.40</c>) can be loaded on this machine.</summary>
    public static bool LibraryAvailable => MpiNative.Available;

    /// <summary>The file the MPI library was loaded from, once <see cref="LibraryAvailable"/> has been asked.</summary>
    public static string? LibraryPath => MpiNative.LoadedFrom;

    /// <summary>The library's own version string (MPI_Get_library_version), e.g. "Open MPI v4.1.4, …".</summary>
    /// <exception cref="DllNotFoundException">Open MPI is not installed.</exception>
    public static string LibraryVersion => MpiNative.LibraryVersion();

    /// <summary>
    /// Whether this process was started by an MPI launcher: <c>mpirun</c>/<c>mpiexec</c> of Open MPI
    /// (<c>OMPI_COMM_WORLD_SIZE</c>) or a PMI launcher such as Slurm's <c>srun</c> (<c>PMI_SIZE</c>, <c>PMIX_RANK</c>).
    /// </summary>
    public static bool LaunchedByMpirun =>
        Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is { Length: > 0 }
        || Environment.GetEnvironmentVariable("PMIX_RANK") is { Length: > 0 }
        || Environment.GetEnvironmentVariable("PMI_SIZE") is { Length: > 0 };

    /// <summary>Initialises MPI (once per process) and returns the world; later calls return the same world.</summary>
    /// <exception cref="DllNotFoundException">Open MPI is not installed.</exception>
    /// <exception cref="InvalidOperationException">MPI_Init failed, or MPI was finalised already.</exception>
    public static MpiWorld Init()
    {
        if (_current is { _disposed: false } current) return current;
        if (_current != null) throw new InvalidOperationException("MPI was finalised in this process; it cannot be initialised again.");
        MpiNative.LeaveSignalsToDotNet();
        Check(MpiNative.Initialized(out int already), "MPI_Initialized");
        if (already == 0) Check(MpiNative.Init(), "MPI_Init");
        return _current = new MpiWorld();
    }

    /// <summary>Bytes this rank has passed to allreduce so far (the payload, not what the algorithm sends on the wire).</summary>
    public long BytesReduced { get; private set; }

    /// <summary>Bytes passed to broadcast so far.</summary>
    public long BytesBroadcast { get; private set; }

    /// <summary>Seconds this rank has spent inside collectives (allreduce, broadcast, barrier), waiting for slower ranks included.</summary>
    public double CollectiveSeconds => System.Diagnostics.Stopwatch.GetElapsedTime(0, _collectiveTicks).TotalSeconds;

    private long _collectiveTicks;

    /// <summary>Sums <paramref name="values"/> element by element over all ranks, in place: every rank gets the sum.</summary>
    public void AllreduceSum(Span<float> values)
    {
        ThrowIfDisposed();
        if (values.IsEmpty) return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        fixed (float* p = values) Check(MpiNative.Allreduce((void*)MpiNative.InPlace, p, values.Length, _float, _sum, _comm), "MPI_Allreduce");
        _collectiveTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        BytesReduced += (long)values.Length * sizeof(float);
    }

    /// <summary>Copies <paramref name="values"/> of rank <paramref name="root"/> into the same buffer of every rank.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The root is not a rank.</exception>
    public void Broadcast(Span<float> values, int root = 0)
    {
        ThrowIfDisposed();
        CheckRoot(root);
        if (values.IsEmpty) return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        fixed (float* p = values) Check(MpiNative.Bcast(p, values.Length, _float, root, _comm), "MPI_Bcast");
        _collectiveTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        BytesBroadcast += (long)values.Length * sizeof(float);
    }

    /// <summary>Copies <paramref name="bytes"/> of rank <paramref name="root"/> into the same buffer of every rank.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The root is not a rank.</exception>
    public void Broadcast(Span<byte> bytes, int root = 0)
    {
        ThrowIfDisposed();
        CheckRoot(root);
        if (bytes.IsEmpty) return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        fixed (byte* p = bytes) Check(MpiNative.Bcast(p, bytes.Length, _byte, root, _comm), "MPI_Bcast");
        _collectiveTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        BytesBroadcast += bytes.Length;
    }

    /// <summary>Returns when every rank has called it.</summary>
    public void Barrier()
    {
        ThrowIfDisposed();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Check(MpiNative.Barrier(_comm), "MPI_Barrier");
        _collectiveTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
    }

    /// <summary>
    /// Ends every rank of the job with <paramref name="code"/> (MPI_Abort), after writing <paramref name="reason"/> to
    /// standard error with this rank's number; does not return.
    /// </summary>
    public void Abort(string reason, int code = 1)
    {
        Console.Error.WriteLine($"rank {Rank} of {Size}: {reason.TrimEnd('.', ' ')}; ending all ranks.");
        Console.Error.Flush();
        MpiNative.Abort(_comm, code);
        Environment.Exit(code); // MPI_Abort does not return; this is only for a library that does
    }

    /// <summary>Finalises MPI (MPI_Finalize): every rank must call it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        MpiNative.Finalize();
    }

    private void CheckRoot(int root)
    {
        if (root < 0 || root >= Size) throw new ArgumentOutOfRangeException(nameof(root), $"MPI: root {root} is not a rank of a world of {Size}.");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error code {code}.");
    }
}
