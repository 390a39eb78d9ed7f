namespace Latent.Kernels;

/// <summary>
/// Runs OpenBLAS products on their calling thread while a kernel drives several threads of its own (each computing
/// the products of its own images). With Debian's single-threaded OpenBLAS installed beside the threaded one, the
/// workers call it (<see cref="Gemm.OnCallingThread"/>) and nothing global changes. Without it, the threaded library's
/// thread count is set to 1 for the scope: nested and concurrent scopes share one count, restored when the last scope
/// ends. That fallback changes the arithmetic of products elsewhere in the process while a scope is open: OpenBLAS
/// splits a product over rows and columns, never the inner dimension, yet its Zen kernels round edge tiles differently
/// from inner ones (a 300 × 2304 × 98 product differed in 4,443 of 29,400 entries between 1 and 2 threads on a Zen 3).
/// </summary>
internal static class BlasThreads
{
    private static readonly object Gate = new();
    private static int _depth;
    private static int _saved;

    /// <summary>Starts a scope in which OpenBLAS runs single-threaded on workers that set <see cref="Gemm.OnCallingThread"/>; dispose it to end the scope.</summary>
    public static Scope SingleThreaded()
    {
        if (!Gemm.UsesOpenBlas || OpenBlas.HasSerial) return new Scope(false);
        lock (Gate)
        {
            if (_depth++ == 0)
            {
                _saved = OpenBlas.Threads;
                if (_saved > 1) OpenBlas.Threads = 1;
            }
        }
        return new Scope(true);
    }

    /// <summary>One <see cref="SingleThreaded"/> scope.</summary>
    public readonly struct Scope(bool active) : IDisposable
    {
        /// <summary>Ends the scope; the last one restores OpenBLAS's thread count.</summary>
        public void Dispose()
        {
            if (!active) return;
            lock (Gate)
            {
                if (--_depth == 0 && _saved > 1) OpenBlas.Threads = _saved;
            }
        }
    }
}
