using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Kernels;

/// <summary>
/// The chunked convolution kernels (forward, input gradient, weight gradient) against direct loops: with and without
/// kernel taps, split over several workers or not, in chunks of one or several images, with batches that divide
/// neither the workers nor the chunks, on both GEMM back-ends.
/// </summary>
public class ConvKernelTests
{
    public static TheoryData<string> Geometries => new(Cases.Keys);

    // Sizes are chosen so that the larger ones reach ConvChunks.ParallelMacs and ConvChunks.MinChunkedPlane and run on
    // several workers; DCGAN's small strided planes run as one chunk of the whole batch.
    private static readonly Dictionary<string, ConvGeometry> Cases = new()
    {
        // PixelCNN's type B layer (5 of 9 taps) on an odd batch: several workers, chunks of one image or more.
        ["mask B 3x3, 7 images"] = new(7, 16, 16, 16, 48, 3, 3, 1, 1, 1, 1, 1, 1, 1, 16, 16, [0, 1, 2, 3, 4]),
        // Type A 7×7 (24 of 49 taps) from one channel: thin, so image by image (or, with ThinByImage off, many per chunk).
        ["mask A 7x7, 9 images"] = new(9, 1, 12, 12, 40, 7, 7, 1, 1, 3, 3, 1, 1, 1, 12, 12, [.. Enumerable.Range(0, 24)]),
        // Every tap: the stride-1 input gradient goes through the flipped kernel.
        ["dense 3x3, 5 images"] = new(5, 12, 17, 16, 48, 3, 3, 1, 1, 1, 1, 1, 1, 1, 17, 16),
        // Dilated, asymmetric padding, groups: the input gradient goes through GEMM and col2im.
        ["dilated grouped, 6 images"] = new(6, 8, 13, 11, 16, 3, 2, 1, 1, 2, 0, 2, 1, 2, 13, 10),
        // Dilated without groups: flipped kernel with padding d·(k − 1) − p.
        ["dilated, 3 images"] = new(3, 6, 12, 12, 64, 3, 3, 1, 1, 1, 2, 2, 2, 1, 10, 12),
        // DCGAN's strided 4×4 (per-plane tap tables) on an odd batch.
        ["strided 4x4, 11 images"] = new(11, 16, 14, 14, 32, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7),
        // Strided rows only, with taps.
        ["row-strided taps, 5 images"] = new(5, 6, 11, 9, 10, 3, 3, 2, 1, 1, 1, 1, 1, 1, 6, 9, [1, 3, 4, 7]),
        // DCGAN's first discriminator layer (one channel, 4×4 stride 2 to a 14×14 plane): thin, image by image on several workers.
        ["thin strided 4x4, 23 images"] = new(23, 1, 28, 28, 64, 4, 4, 2, 2, 1, 1, 1, 1, 1, 14, 14),
        // Padding beyond the kernel's reach (no flipped form) on a single image.
        ["over-padded, 1 image"] = new(1, 3, 5, 6, 4, 2, 2, 1, 1, 2, 2, 1, 1, 1, 8, 9),
        // The rest run directly (ConvDirect), one product per tap on the image's own lines, and through im2col.
        // WaveNet's causal layer (left padding applied beforehand): taps 0 and d, on several workers.
        ["causal line, 5 images"] = new(5, 32, 1, 512, 32, 1, 2, 1, 1, 0, 0, 1, 64, 1, 1, 448),
        // A dilated line with symmetric padding on one worker.
        ["padded dilated line, 3 images"] = new(3, 24, 1, 400, 32, 1, 3, 1, 1, 0, 4, 1, 4, 1, 1, 400),
        // Padding so wide that the first and last taps never touch the line: only the middle tap writes.
        ["over-padded line, 2 images"] = new(2, 5, 1, 300, 7, 1, 3, 1, 1, 0, 500, 1, 400, 1, 1, 500),
        // WaveNet's 1×1 layers.
        ["pointwise line, 4 images"] = new(4, 8, 1, 400, 32, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 400),
        // A 1×1 convolution over a 2-D plane, on several workers.
        ["pointwise 16x17, 7 images"] = new(7, 64, 16, 17, 48, 1, 1, 1, 1, 0, 0, 1, 1, 1, 16, 17),
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void KernelsMatchDirectLoopsForEveryChunking(string name)
    {
        var g = Cases[name];
        var gen = new Generator((ulong)name.Length * 7919);
        var x = Tensor.Randn([g.N * g.C * g.H * g.W], gen).ToArray();
        var w = Tensor.Randn([g.O * (g.ColRows / g.Groups)], gen).ToArray();
        var bias = Tensor.Randn([g.O], gen).ToArray();
        var gy = Tensor.Randn([g.N * g.O * g.OutPlane], gen).ToArray();
        var y = NaiveConvolution.Forward(x, w, bias, g);
        var dx = NaiveConvolution.InputGrad(gy, w, g);
        var dw = NaiveConvolution.WeightGrad(x, gy, g);
        var yPlain = NaiveConvolution.Forward(x, w, null, g);
        double tol = 2e-5 * Math.Sqrt(g.ColRows / g.Groups * (double)g.N * g.OutPlane);
        // A chunk of one image, of a few images (remainders included), and the whole of a worker's range.
        int perImage = g.ColRows * g.OutPlane;
        foreach (int columns in new[] { 1, 2 * perImage + 1, int.MaxValue })
            foreach (bool managed in new[] { false, true })
            foreach (bool thinByImage in new[] { true, false })
            foreach (bool direct in ConvDirect.Applies(g) ? new[] { true, false } : [false])
            {
                ConvChunks.ColumnFloats = columns;
                Gemm.ForceManaged = managed;
                ConvChunks.ThinByImage = thinByImage;
                ConvDirect.Enabled = direct;
                try
                {
                    string what = $"{name}, {(direct ? "direct" : $"chunk {ConvChunks.ImagesPerChunk(g)} images")} on {ConvChunks.Workers(g)} workers, {(managed ? "managed" : "BLAS")}";
                    var yk = NaiveConvolution.Poisoned(y.Length);
                    ConvKernels.Forward(x, w, bias, g, yk);
                    NaiveConvolution.AssertClose(y, yk, 1e-4, $"forward, {what}");
                    yk = NaiveConvolution.Poisoned(y.Length);
                    ConvKernels.Forward(x, w, null, g, yk);
                    NaiveConvolution.AssertClose(yPlain, yk, 1e-4, $"forward without bias, {what}");
                    var dxk = NaiveConvolution.Poisoned(dx.Length);
                    ConvKernels.Transposed(gy, w, g, dxk);
                    NaiveConvolution.AssertClose(dx, dxk, 1e-4, $"input gradient, {what}");
                    var dwk = NaiveConvolution.Poisoned(dw.Length);
                    ConvKernels.WeightGrad(x, gy, g, dwk);
                    NaiveConvolution.AssertClose(dw, dwk, tol, $"weight gradient, {what}");
                }
                finally
                {
                    ConvChunks.ColumnFloats = 0;
                    Gemm.ForceManaged = false;
                    ConvChunks.ThinByImage = true;
                    ConvDirect.Enabled = true;
                }
            }
    }

    [Fact]
    public void LinesAndPointwiseConvolutionsOnLargePlanesRunDirectlyTheRestDoNot()
    {
        // Guards the theory above: the direct cases really take that path, some of them on several workers.
        string[] direct = ["causal line, 5 images", "padded dilated line, 3 images", "over-padded line, 2 images", "pointwise line, 4 images", "pointwise 16x17, 7 images"];
        foreach (var (name, g) in Cases) Assert.True(direct.Contains(name) == ConvDirect.Applies(g), name);
        Assert.True(ConvChunks.Workers(Cases["causal line, 5 images"]) == Math.Min(Parallelism.MaxThreads, 5));
        Assert.True(ConvChunks.Workers(Cases["pointwise 16x17, 7 images"]) == Math.Min(Parallelism.MaxThreads, 7));
        // Planes below ConvChunks.MinChunkedPlane are better served by im2col's one product over the batch.
        var small = Cases["pointwise line, 4 images"] with { W = 200, Wo = 200 };
        Assert.False(ConvDirect.Applies(small));
    }

    [Fact]
    public void LargerCasesRunOnSeveralWorkersInChunksThatDivideNeitherTheBatchNorTheWorkers()
    {
        // Guards the theory above against testing only the single-thread path.
        var g = Cases["mask B 3x3, 7 images"];
        Assert.True(ConvChunks.Workers(g) == Math.Min(Parallelism.MaxThreads, g.N));
        ConvChunks.ColumnFloats = 2 * g.ColRows * g.OutPlane + 1;
        try { Assert.Equal(2, ConvChunks.ImagesPerChunk(g)); }
        finally { ConvChunks.ColumnFloats = 0; }
        Assert.Equal(1, ConvChunks.Workers(Cases["over-padded, 1 image"]));
        var strided = Cases["strided 4x4, 11 images"];
        Assert.Equal((1, strided.N), (ConvChunks.Workers(strided), ConvChunks.ImagesPerChunk(strided)));
        // A thin convolution's small plane does not make it one batch-wide chunk: it goes image by image, in parallel.
        var thin = Cases["thin strided 4x4, 23 images"];
        Assert.True(ConvChunks.IsThin(thin));
        Assert.Equal((Math.Min(Parallelism.MaxThreads, thin.N), 1), (ConvChunks.Workers(thin), ConvChunks.ImagesPerChunk(thin)));
        ConvChunks.ThinByImage = false;
        try { Assert.Equal((1, thin.N), (ConvChunks.Workers(thin), ConvChunks.ImagesPerChunk(thin))); }
        finally { ConvChunks.ThinByImage = true; }
    }

    [Theory]
    [InlineData("mask B 3x3, 7 images")]
    [InlineData("causal line, 5 images")]
    public void ResultsDoNotDependOnHowThreadsAreScheduled(string name)
    {
        // Each worker's images are fixed by the batch size and the thread count, so repeated runs agree bit for bit.
        var g = Cases[name];
        var gen = new Generator(5);
        var x = Tensor.Randn([g.N * g.C * g.H * g.W], gen).ToArray();
        var gy = Tensor.Randn([g.N * g.O * g.OutPlane], gen).ToArray();
        var first = new float[g.O * g.ColRows];
        ConvKernels.WeightGrad(x, gy, g, first);
        for (int run = 0; run < 5; run++)
        {
            var again = new float[first.Length];
            ConvKernels.WeightGrad(x, gy, g, again);
            Assert.Equal(first, again);
        }
    }

    [Theory]
    [InlineData("strided 4x4, 11 images", true)] // plane 7×7: the whole batch is one chunk, so its columns are kept
    [InlineData("mask B 3x3, 7 images", false)]  // several workers in chunks: each gathers into its own scratch
    public void ColumnsSharedBetweenTheOutputAndWeightMapsGiveTheSameResultsBitForBit(string name, bool kept)
    {
        var g = Cases[name];
        var (x, w, gy) = RandomConvOperands.Draw(g, new Generator(23));
        OneDnnConvolution.Forced = false;
        try
        {
            var (refY, refGw) = (new float[gy.Length], new float[w.Length]);
            ConvKernels.Forward(x, w, null, g, refY);
            ConvKernels.WeightGrad(x, gy, g, refGw);

            var cache = new ConvOperandCache(n => new float[n]) { ShareColumns = true };
            var (y, gw) = (new float[gy.Length], new float[w.Length]);
            ConvKernels.Forward(x, w, null, g, y, cache);
            Assert.Equal(kept, cache.Columns is not null);
            ConvKernels.WeightGrad(x, gy, g, gw, cache);
            Assert.Equal(refY, y);
            Assert.Equal(refGw, gw);

            if (!kept) return;
            // The weight map reads the kept columns rather than gathering x again: zeroed columns give a zero gradient.
            Array.Clear(cache.Columns!);
            ConvKernels.WeightGrad(x, gy, g, gw, cache);
            Assert.All(gw, v => Assert.Equal(0f, v));
        }
        finally { OneDnnConvolution.Forced = null; }
    }
}
