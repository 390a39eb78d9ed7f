namespace Latent.Kernels;

/// <summary>
/// Splits loops over the thread pool only when the work pays for it. Chunk boundaries depend on the problem size
/// alone, never on scheduling, so results are the same however threads are interleaved.
/// </summary>
internal static class Parallelism
{
    /// <summary>Elements of simple elementwise work below which a loop stays on one thread.</summary>
    public const int ElementwiseGrain = 1 << 16;

    /// <summary>The number of worker threads kernels may use (defaults to the processor count).</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, n) in up to MaxThreads chunks of at least <paramref name="grain"/> items.</summary>
    public static void For(int n, int grain, Action<int, int> body)
    {
        int chunks = Math.Min(MaxThreads, n / Math.Max(1, grain));
        if (chunks <= 1)
        {
            if (n > 0) body(0, n);
            return;
        }
        int per = (n + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            int start = c * per, end = Math.Min(n, start + per);
            if (start < end) body(start, end);
        });
    }
}
