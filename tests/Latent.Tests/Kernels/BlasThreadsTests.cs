using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Kernels;

/// <summary>
/// A convolution whose workers multiply their own images leaves OpenBLAS's thread count alone when the
/// single-threaded library is installed beside the threaded one, so products elsewhere in the process round the same
/// whether or not such a convolution runs beside them (on Zen CPUs OpenBLAS's rounding depends on its thread count).
/// </summary>
public class BlasThreadsTests
{
    private const string Serial = "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0";

    [Fact]
    public void TheSingleThreadedLibraryIsBoundWhenInstalledBesideTheThreadedOne()
    {
        if (!OpenBlas.IsAvailable || OpenBlas.LibraryPath?.Contains("/openblas-pthread/", StringComparison.Ordinal) != true) return;
        Assert.Equal(File.Exists(Serial), OpenBlas.HasSerial);
    }

    [Fact]
    public void ProductsBesideAParallelConvolutionRoundAsTheyDoAlone()
    {
        if (!OpenBlas.HasSerial) return; // the fallback changes the count by design (BlasThreads says so)
        // A product shaped like the one that differed between 1 and 2 threads on a Zen 3.
        var gen = new Generator(3);
        var a = Tensor.Randn([300 * 2304], gen).ToArray();
        var b = Tensor.Randn([2304 * 98], gen).ToArray();
        var alone = new float[300 * 98];
        int threads = OpenBlas.Threads;
        Gemm.Run(false, false, 300, 98, 2304, 1f, a, 0, 2304, b, 0, 98, 0f, alone, 0, 98);

        // PixelCNN-like layer on several workers (each multiplying its own images) running on another thread.
        var g = new ConvGeometry(8, 32, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 32, 32);
        Assert.True(ConvChunks.Workers(g) > 1 || Parallelism.MaxThreads < 2);
        var x = Tensor.Randn([g.N * g.C * g.H * g.W], gen).ToArray();
        var w = Tensor.Randn([g.O * g.ColRows], gen).ToArray();
        var y = new float[g.N * g.O * g.OutPlane];
        bool stop = false;
        var convolutions = new Thread(() =>
        {
            OneDnnConvolution.Forced = false;
            while (!Volatile.Read(ref stop)) ConvKernels.Forward(x, w, null, g, y);
        });
        convolutions.Start();
        try
        {
            for (int i = 0; i < 40; i++)
            {
                Assert.Equal(threads, OpenBlas.Threads);
                var again = new float[alone.Length];
                Gemm.Run(false, false, 300, 98, 2304, 1f, a, 0, 2304, b, 0, 98, 0f, again, 0, 98);
                Assert.Equal(alone, again);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            convolutions.Join();
        }
    }
}
