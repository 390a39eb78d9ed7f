namespace Latent.Tensors;

/// <summary>
/// Controls how the engine recycles large tensor buffers (64 KB and up). A buffer is reused only after the garbage
/// collector has shown that nothing references it, so recycling never changes results; it saves the page faults of
/// fresh memory, which otherwise cost DCGAN-sized training steps about a fifth of their time.
/// </summary>
public static class TensorMemory
{
    /// <summary>
    /// Whether large buffers are recycled (default on; the environment variable <c>LATENT_STORAGE_POOL=off</c> starts a
    /// process with it off).
    /// </summary>
    public static bool PoolingEnabled
    {
        get => StoragePool.Enabled;
        set => StoragePool.Enabled = value;
    }

    /// <summary>Bytes held in idle buffers waiting to be reused.</summary>
    public static long PooledBytes => StoragePool.PooledBytes;

    /// <summary>Full garbage collections the pool has requested to find dead buffers, and their total duration.</summary>
    public static (int Count, TimeSpan Total) PoolCollections => (StoragePool.Collections, TimeSpan.FromSeconds(StoragePool.CollectionSeconds));

    /// <summary>Releases every idle buffer to the garbage collector, e.g. after training and before other work.</summary>
    public static void Trim() => StoragePool.Trim();
}
