namespace Latent.Kernels;

/// <summary>
/// Runs OpenBLAS products on their calling thread while a kernel drives several threads of its own (each computing
/// the products of its own images), then gives OpenBLAS its threads back. Nested and concurrent scopes share one
/// count, so the setting is restored only when the last scope ends. OpenBLAS splits a product over its rows and
/// columns, never over the inner dimension, yet on some CPUs the thread count still changes the last bits: its Zen
/// kernels round edge tiles differently from inner ones (a 300 × 2304 × 98 product differed in 4,443 of 29,400 entries
/// between 1 and 2 threads on a Zen 3). One thread's runs stay repeatable; products on another thread while a scope is
/// open may round differently. Calling Debian's single-threaded build (libopenblas0-serial) from the workers instead
/// would leave the count alone, but concurrent calls into that 0.3.21 build did not repeat bit for bit (a 30-step
/// PixelCNN run gave a different checkpoint each time), so it is not used.
/// </summary>
internal static class BlasThreads
{
    private static readonly object Gate = new();
    private static int _depth;
    private static int _saved;

    /// <summary>Starts a scope in which OpenBLAS runs single-threaded; dispose it to end the scope.</summary>
    public static Scope SingleThreaded()
    {
        if (!Gemm.UsesOpenBlas) return new Scope(false);
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
