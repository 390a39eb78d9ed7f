namespace Latent.Kernels;

/// <summary>
/// How a convolution's batch is split: into one contiguous range of images per worker thread (fixed by the batch
/// size and the thread count alone, so results never depend on scheduling), and each range into chunks of images
/// whose column matrix stays in the core's L2 cache. Workers run their products single-threaded (see
/// <see cref="BlasThreads"/>), so each core im2cols, multiplies and col2ims its own images without waiting for the other.
/// </summary>
internal static class ConvChunks
{
    /// <summary>Floats of a chunk's column matrix by default (1 MiB): with the GEMM's packed panels beside it, within a 2 MiB L2.</summary>
    public const int DefaultColumnFloats = 1 << 18;

    /// <summary>
    /// Floats of a chunk's column matrix on the calling thread (<see cref="DefaultColumnFloats"/> unless set). Per thread,
    /// like <see cref="Gemm.ForceManaged"/>, so that tests and benchmarks comparing chunk sizes change nothing beside them.
    /// </summary>
    public static int ColumnFloats
    {
        get => columnFloats > 0 ? columnFloats : DefaultColumnFloats;
        set => columnFloats = value;
    }

    [ThreadStatic] private static int columnFloats;

    /// <summary>Multiply-adds below which a convolution runs on the calling thread (thread hand-offs cost more).</summary>
    public const long ParallelMacs = 1L << 22;

    /// <summary>One chunk: <paramref name="worker"/> computes images [n0, n0 + count); <paramref name="parallel"/> says whether the body may split its own loops over threads (only when there is a single worker).</summary>
    public delegate void Body(int worker, int n0, int count, bool parallel);

    /// <summary>
    /// Output planes smaller than this (DCGAN's 7×7 and 14×14) would make a chunk's products too narrow to run at full
    /// speed: such convolutions run as one chunk over the whole batch, with multi-threaded products (W2 ran 22 % slower
    /// per step in chunks of five images, under load).
    /// </summary>
    public const int MinChunkedPlane = 256;

    /// <summary>
    /// Column rows up to which a convolution is thin (one- or two-channel images: DCGAN's first discriminator layer and
    /// the adjoint of its generator's last): its products are memory passes whatever their width, so it runs image by
    /// image, each product writing or reading the image's own [O, Ho·Wo] block, with no [O, n, L] ↔ [n, O, L] copy.
    /// </summary>
    public const int ThinColumnRows = 32;

    /// <summary>
    /// On the calling thread, whether thin convolutions run image by image (default true); false treats them like any
    /// other, for benchmarks comparing the two. Per thread, like <see cref="ColumnFloats"/>.
    /// </summary>
    public static bool ThinByImage
    {
        get => !thinAsOthers;
        set => thinAsOthers = !value;
    }

    [ThreadStatic] private static bool thinAsOthers;

    /// <summary>Whether <paramref name="g"/> runs image by image however small its plane (see <see cref="ThinColumnRows"/>).</summary>
    public static bool IsThin(in ConvGeometry g) => g.ColRows <= ThinColumnRows && !thinAsOthers;

    private static bool WholeBatch(in ConvGeometry g) => g.OutPlane < MinChunkedPlane && !IsThin(g);

    /// <summary>The number of workers for <paramref name="g"/>.</summary>
    public static int Workers(in ConvGeometry g) =>
        g.N < 2 || g.Macs < ParallelMacs || WholeBatch(g) ? 1 : Math.Min(Parallelism.MaxThreads, g.N);

    /// <summary>Images per chunk: one for thin convolutions, the whole batch for other small planes, else as many as keep the columns within <see cref="ColumnFloats"/> (at least one).</summary>
    public static int ImagesPerChunk(in ConvGeometry g) =>
        IsThin(g) ? 1
        : WholeBatch(g) ? Math.Max(1, g.N)
        : (int)Math.Clamp(ColumnFloats / Math.Max(1L, (long)g.ColRows * g.OutPlane), 1, Math.Max(1, g.N));

    /// <summary>Runs <paramref name="body"/> over every chunk, the workers in parallel and each worker's chunks in order.</summary>
    public static void Run(in ConvGeometry g, Body body)
    {
        int n = g.N, workers = Workers(g), chunk = ImagesPerChunk(g);
        void Range(int worker)
        {
            int start = (int)((long)worker * n / workers), end = (int)((long)(worker + 1) * n / workers);
            for (int n0 = start; n0 < end; n0 += chunk) body(worker, n0, Math.Min(chunk, end - n0), workers == 1);
        }
        if (workers == 1)
        {
            Range(0);
            return;
        }
        bool managed = Gemm.ForceManaged; // per thread: the workers take the caller's choice
        using var scope = BlasThreads.SingleThreaded();
        Parallel.For(0, workers, worker =>
        {
            bool saved = Gemm.ForceManaged;
            Gemm.ForceManaged = managed;
            try { Range(worker); }
            finally { Gemm.ForceManaged = saved; }
        });
    }
}
