using System.Diagnostics;
using System.Runtime;

namespace Latent.Tensors;

/// <summary>
/// Recycles large tensor buffers so that a training step writes into memory the process has already touched.
/// </summary>
/// <remarks>
/// The .NET collector returns the memory of dead arrays to the operating system and maps it again for the next ones,
/// so every new multi-megabyte activation costs a page fault per 4 KB before its first useful write: at DCGAN's sizes
/// that is about 20,000 faults per training step. Here a buffer goes back to the pool only when the collector has
/// proved that nothing references the array any more: each rented array is the primary of a
/// <see cref="DependentHandle"/> whose dependent is a finalizable <see cref="Reclaimer"/> holding the array. While
/// anything reaches the array (a tensor, a view, a span inside a running kernel) the reclaimer lives with it; once the
/// array is unreachable the reclaimer is finalized and puts the array back. A recycled buffer can therefore never alias
/// live data, whatever the calling code does. Pooled arrays age into the oldest generation, so proving them dead takes
/// a full collection: the pool asks for one (sweeping, not compacting) when it runs dry after renting its budget since
/// the last one. The budget grows with the time a collection takes, so collections always cost less than the
/// faults they save.
/// </remarks>
internal static class StoragePool
{
    private static readonly Dictionary<int, Bucket> Buckets = new();
    private static readonly Lock Gate = new();
    private static long rentedSinceCollection;
    private static long pooledBytes;
    private static long outstandingBytes;
    private static long budgetBytes = DefaultMinBudgetBytes;
    private static double smoothedCollectionSeconds;
    private static int collectionInProgress;

    private const long DefaultMinBudgetBytes = 32L << 20;

    /// <summary>Buffers shorter than this come straight from the collector: for them the bookkeeping costs more than a fault.</summary>
    internal const int MinPooledLength = 16 * 1024;

    /// <summary>Whether large buffers are recycled; <c>LATENT_STORAGE_POOL=off</c> starts the process without.</summary>
    internal static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("LATENT_STORAGE_POOL") != "off";

    /// <summary>
    /// Fill every new buffer with NaN (tests turn this on, so that a kernel that reads an output element before writing
    /// it shows up as NaN instead of working by the luck of zeroed memory).
    /// </summary>
    internal static bool PoisonNewBuffers { get; set; }

    /// <summary>Least bytes rented between two collections the pool asks for.</summary>
    /// <remarks>Setting it restarts the adaptive budget from the new minimum.</remarks>
    internal static long MinBudgetBytes
    {
        get => minBudgetBytes;
        set
        {
            minBudgetBytes = value;
            Interlocked.Exchange(ref budgetBytes, value);
        }
    }

    private static long minBudgetBytes = DefaultMinBudgetBytes;

    /// <summary>
    /// Bytes a collection must recycle per second it takes. Fresh memory costs a page fault per 4 KB, about 0.4 ms per MB
    /// on the machines measured, so at 10 GB/s a collection costs at most a quarter of the faults it saves.
    /// </summary>
    internal const double BytesPerCollectionSecond = 10e9;

    /// <summary>Upper bound on idle pooled bytes; buffers returned beyond it are left to the collector.</summary>
    internal static long MaxPooledBytes { get; set; } =
        Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, 256L << 20, 4L << 30);

    /// <summary>Collections the pool has asked for.</summary>
    internal static int Collections { get; private set; }

    /// <summary>Seconds spent in the collections the pool asked for.</summary>
    internal static double CollectionSeconds { get; private set; }

    /// <summary>Bytes of poolable buffers that no idle buffer could serve, so they came from the collector.</summary>
    internal static long FreshBytes => Interlocked.Read(ref freshBytes);

    private static long freshBytes;

    /// <summary>Bytes of poolable buffers rented in all.</summary>
    internal static long RentedBytes => Interlocked.Read(ref rentedBytes);

    private static long rentedBytes;

    /// <summary>Idle bytes held by the pool.</summary>
    internal static long PooledBytes => Interlocked.Read(ref pooledBytes);

    /// <summary>An array of exactly <paramref name="length"/> floats with unspecified contents.</summary>
    internal static float[] Rent(int length)
    {
        if (length == 0) return [];
        float[]? array = null;
        if (length >= MinPooledLength && Enabled)
        {
            long bytes = (long)length * sizeof(float);
            array = TryTake(length);
            if (array == null && Interlocked.Read(ref rentedSinceCollection) >= Interlocked.Read(ref budgetBytes) && MayCollect())
            {
                Collect();
                array = TryTake(length);
            }
            if (array == null)
            {
                array = GC.AllocateUninitializedArray<float>(length);
                Interlocked.Add(ref freshBytes, bytes);
            }
            Interlocked.Add(ref rentedSinceCollection, bytes);
            Interlocked.Add(ref rentedBytes, bytes);
            Interlocked.Add(ref outstandingBytes, bytes);
            Reclaimer.Track(array);
        }
        array ??= GC.AllocateUninitializedArray<float>(length);
        if (PoisonNewBuffers) array.AsSpan().Fill(float.NaN);
        return array;
    }

    /// <summary>Forgets the measured collection cost and restarts the budget from its minimum (tests start from here).</summary>
    internal static void ResetBudget()
    {
        smoothedCollectionSeconds = 0;
        Interlocked.Exchange(ref budgetBytes, minBudgetBytes);
        Interlocked.Exchange(ref peakBudgetBytes, minBudgetBytes);
    }

    /// <summary>The largest budget since <see cref="ResetBudget"/>: what a test may expect to be allocated afresh.</summary>
    internal static long PeakBudgetBytes => Interlocked.Read(ref peakBudgetBytes);

    private static long peakBudgetBytes = DefaultMinBudgetBytes;

    /// <summary>Drops every idle buffer; they become ordinary garbage.</summary>
    internal static void Trim()
    {
        lock (Gate)
        {
            Buckets.Clear();
            pooledBytes = 0;
        }
    }

    private static float[]? TryTake(int length)
    {
        lock (Gate)
        {
            if (!Buckets.TryGetValue(length, out var bucket)) return null;
            bucket.LastRentCollection = Collections;
            if (bucket.Idle.Count == 0) return null;
            pooledBytes -= (long)length * sizeof(float);
            return bucket.Idle.Pop();
        }
    }

    private static void Return(float[] array)
    {
        long bytes = (long)array.Length * sizeof(float);
        Interlocked.Add(ref outstandingBytes, -bytes);
        lock (Gate)
        {
            if (pooledBytes + bytes > MaxPooledBytes) return;
            if (!Buckets.TryGetValue(array.Length, out var bucket))
                Buckets[array.Length] = bucket = new Bucket { LastRentCollection = Collections };
            bucket.Idle.Push(array);
            pooledBytes += bytes;
        }
    }

    // One collection at a time: a thread that finds one under way (or a finalizer of that collection that builds tensors)
    // allocates instead. On the finalizer thread WaitForPendingFinalizers returns at once, so renting there cannot deadlock.
    private static bool MayCollect() => Volatile.Read(ref collectionInProgress) == 0;

    private static void Collect()
    {
        if (Interlocked.CompareExchange(ref collectionInProgress, 1, 0) != 0) return;
        try
        {
            long start = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref rentedSinceCollection, 0);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            GC.WaitForPendingFinalizers();
            DropUnusedSizes();
            double took = Stopwatch.GetElapsedTime(start).TotalSeconds;
            lock (Gate)
            {
                Collections++;
                CollectionSeconds += took;
            }
            long next = NextBudget(took);
            Interlocked.Exchange(ref budgetBytes, next);
            if (next > Interlocked.Read(ref peakBudgetBytes)) Interlocked.Exchange(ref peakBudgetBytes, next);
        }
        finally { Volatile.Write(ref collectionInProgress, 0); }
    }

    // The budget covers the collection's cost (smoothed over recent collections, since one can be slow by chance) and is
    // never below twice the bytes still in use, so that each collection recycles at least twice what it had to keep
    // (a W2 DCGAN step, 60 MB in use, paid for two collections, 3.2 ms, with once; 0.5 to 0.75, 1.0 to 1.2 ms, with twice).
    private static long NextBudget(double took)
    {
        smoothedCollectionSeconds = smoothedCollectionSeconds == 0 ? took : 0.5 * (smoothedCollectionSeconds + took);
        long worthwhile = (long)(smoothedCollectionSeconds * BytesPerCollectionSecond);
        long budget = Math.Max(Math.Max(minBudgetBytes, worthwhile), 2 * Interlocked.Read(ref outstandingBytes));
        return Math.Min(budget, MaxPooledBytes);
    }

    // Sizes nobody asked for over the last two collections (an evaluation pass, a changed batch size) go to the collector.
    private static void DropUnusedSizes()
    {
        lock (Gate)
        {
            foreach (var (length, bucket) in Buckets.ToList())
            {
                if (Collections - bucket.LastRentCollection < 2) continue;
                pooledBytes -= (long)length * sizeof(float) * bucket.Idle.Count;
                Buckets.Remove(length);
            }
        }
    }

    private sealed class Bucket
    {
        public readonly Stack<float[]> Idle = new();
        public int LastRentCollection;
    }

    /// <summary>Lives exactly as long as its array; its finalizer returns the array to the pool.</summary>
    private sealed class Reclaimer
    {
        private readonly float[] array;
        private DependentHandle handle;

        private Reclaimer(float[] array)
        {
            this.array = array;
            handle = new DependentHandle(array, this);
        }

        public static void Track(float[] array) => _ = new Reclaimer(array);

        ~Reclaimer()
        {
            handle.Dispose();
            Return(array);
        }
    }
}
