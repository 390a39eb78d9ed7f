using System.Runtime.InteropServices;

namespace Latent.Distributed;

/// <summary>
/// The few MPI functions data parallelism needs, bound at run time to Open MPI's <c>libmpi.so.40</c> (Debian's
/// <c>libopenmpi3</c>, pulled in by <c>openmpi-bin</c>). The library is opened with <c>RTLD_GLOBAL</c> because Open MPI's
/// plugins (<c>mca_*.so</c>) resolve its symbols from the global namespace; the communicator, datatype and operation
/// handles are the addresses of its exported predefined objects (<c>ompi_mpi_comm_world</c>, …), as <c>mpi.h</c> defines them.
/// </summary>
internal static unsafe class MpiNative
{
    private const int RtldNow = 2, RtldGlobal = 0x100;

    /// <summary>Open MPI's <c>MPI_IN_PLACE</c>.</summary>
    public static readonly nint InPlace = 1;

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern nint DlOpen(string file, int flags);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    private static readonly Lazy<nint> Handle = new(() =>
    {
        foreach (var name in Candidates())
        {
            nint handle = DlOpen(name, RtldNow | RtldGlobal);
            if (handle != 0)
            {
                LoadedFrom = name;
                return handle;
            }
        }
        return 0;
    });

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("LATENT_MPI") is { Length: > 0 } path) yield return path;
        yield return "libmpi.so.40";
        yield return "/usr/lib/x86_64-linux-gnu/libmpi.so.40";
        yield return "/usr/lib/aarch64-linux-gnu/libmpi.so.40";
    }

    /// <summary>Whether an Open MPI library could be opened.</summary>
    public static bool Available => OperatingSystem.IsLinux() && Handle.Value != 0;

    /// <summary>The file the library was opened from.</summary>
    public static string? LoadedFrom { get; private set; }

    private static nint Export(string name)
    {
        if (!Available) throw new DllNotFoundException("Open MPI (libmpi.so.40) was not found; install it with: apt-get install openmpi-bin libopenmpi-dev (or set LATENT_MPI to its path).");
        return NativeLibrary.GetExport(Handle.Value, name);
    }

    public static nint CommWorld => Export("ompi_mpi_comm_world");

    public static nint Float => Export("ompi_mpi_float");

    public static nint Byte => Export("ompi_mpi_byte");

    public static nint Sum => Export("ompi_mpi_op_sum");

    public static nint Max => Export("ompi_mpi_op_max");

    /// <summary>
    /// Keeps Open MPI's own handlers off SIGSEGV, SIGBUS, SIGFPE and SIGILL: .NET turns those into exceptions
    /// (NullReferenceException), and Open MPI would otherwise abort the process on the first one. Set in the native
    /// environment, before MPI_Init reads it.
    /// </summary>
    public static void LeaveSignalsToDotNet() => SetEnv("OMPI_MCA_opal_signal", "", 0);

    public static int Init() => ((delegate* unmanaged<int*, byte***, int>)Export("MPI_Init"))(null, null);

    public static int Initialized(out int flag)
    {
        int f;
        int rc = ((delegate* unmanaged<int*, int>)Export("MPI_Initialized"))(&f);
        flag = f;
        return rc;
    }

    public static int Finalize() => ((delegate* unmanaged<int>)Export("MPI_Finalize"))();

    public static int CommRank(nint comm, out int rank)
    {
        int r;
        int rc = ((delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank"))(comm, &r);
        rank = r;
        return rc;
    }

    public static int CommSize(nint comm, out int size)
    {
        int s;
        int rc = ((delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size"))(comm, &s);
        size = s;
        return rc;
    }

    public static int Allreduce(void* send, void* receive, int count, nint type, nint op, nint comm)
        => ((delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Export("MPI_Allreduce"))(send, receive, count, type, op, comm);

    public static int Bcast(void* buffer, int count, nint type, int root, nint comm)
        => ((delegate* unmanaged<void*, int, nint, int, nint, int>)Export("MPI_Bcast"))(buffer, count, type, root, comm);

    public static int Barrier(nint comm) => ((delegate* unmanaged<nint, int>)Export("MPI_Barrier"))(comm);

    public static int Abort(nint comm, int code) => ((delegate* unmanaged<nint, int, int>)Export("MPI_Abort"))(comm, code);

    /// <summary>MPI_Get_library_version: callable before MPI_Init.</summary>
    public static string LibraryVersion()
    {
        var buffer = new byte[8192]; // MPI_MAX_LIBRARY_VERSION_STRING is 256 in Open MPI
        int length;
        fixed (byte* p = buffer)
            ((delegate* unmanaged<byte*, int*, int>)Export("MPI_Get_library_version"))(p, &length);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Clamp(length, 0, buffer.Length)).TrimEnd('\0', '\n', ' ');
    }
}
