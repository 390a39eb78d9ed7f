using System.Runtime.InteropServices;

namespace Latent.Bench;

/// <summary>
/// The CPU time of the whole process (all threads) in milliseconds, from the scheduler's own accounting
/// (CLOCK_PROCESS_CPUTIME_ID, nanosecond resolution). On a loaded machine it counts only the time the process ran,
/// so comparisons of kernels suffer far less from other processes than wall-clock times do.
/// </summary>
internal static partial class CpuClock
{
    private const int ProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Milliseconds of CPU the process has used so far.</summary>
    public static double Milliseconds()
    {
        ClockGetTime(ProcessCpuTimeId, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }
}
