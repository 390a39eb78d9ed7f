using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Kernels;

/// <summary>
/// oneDNN's convolutions against direct loops for the three maps, on the geometries Latent's models use (strided 4×4,
/// padded 3×3, dilated, uneven padding at the end, with and without bias), the routing rule, and the fallback to
/// im2col for what oneDNN is not given (masked taps, groups).
/// </summary>
public class OneDnnConvolutionTests
{
    public static TheoryData<string> Geometries => new(Cases.Keys);

    private static readonly Dictionary<string, ConvGeometry> Cases = new()
    {
        ["DCGAN d_conv2 64→128 4x4 s2, 5 images"] = new(5, 64, 14, 14, 128, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7),
        ["3x3 s1 p1 32→48, 3 images"] = new(3, 32, 9, 11, 48, 3, 3, 1, 1, 1, 1, 1, 1, 1, 9, 11),
        ["dilated 3x3 d2, 2 images"] = new(2, 16, 12, 12, 40, 3, 3, 1, 1, 2, 2, 2, 2, 1, 12, 12),
        // 15 rows at stride 2 leave the last input row out of every window: padding at the end is smaller than at the start.
        ["odd size 15x13 4x4 s2, 4 images"] = new(4, 24, 15, 13, 32, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 6),
        ["one channel in, 3 images"] = new(3, 1, 10, 10, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 10, 10),
    };

    public OneDnnConvolutionTests()
    {
        Assert.True(OneDnnConvolution.IsAvailable,
            "oneDNN (libdnnl.so.2) did not load: install Debian's libdnnl2 (test.sh does), or unset LATENT_ONEDNN=off.");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void TheThreeMapsMatchDirectLoops(string name)
    {
        var g = Cases[name];
        Assert.NotNull(OneDnnConvolution.Implementation(g));
        var gen = new Generator((ulong)name.Length * 104729);
        var x = Tensor.Randn([g.N * g.C * g.H * g.W], gen).ToArray();
        var w = Tensor.Randn([g.O * g.ColRows], gen).ToArray();
        var bias = Tensor.Randn([g.O], gen).ToArray();
        var gy = Tensor.Randn([g.N * g.O * g.OutPlane], gen).ToArray();
        double tol = 2e-5 * Math.Sqrt(g.ColRows * (double)g.N * g.OutPlane);
        OneDnnConvolution.Forced = true;
        try
        {
            foreach (var b in new[] { bias, null })
            {
                var y = NaiveConvolution.Poisoned(g.N * g.O * g.OutPlane);
                Assert.True(OneDnnConvolution.TryForward(x, w, b, g, y));
                NaiveConvolution.AssertClose(NaiveConvolution.Forward(x, w, b, g), y, 1e-4, $"{name}: forward{(b is null ? "" : " with bias")}");
            }
            var dx = NaiveConvolution.Poisoned(x.Length);
            Assert.True(OneDnnConvolution.TryImageAdjoint(gy, w, g, dx));
            NaiveConvolution.AssertClose(NaiveConvolution.InputGrad(gy, w, g), dx, 1e-4, $"{name}: input gradient");
            var dw = NaiveConvolution.Poisoned(w.Length);
            Assert.True(OneDnnConvolution.TryKernelAdjoint(x, gy, g, dw));
            NaiveConvolution.AssertClose(NaiveConvolution.WeightGrad(x, gy, g), dw, tol, $"{name}: weight gradient");
        }
        finally
        {
            OneDnnConvolution.Forced = null;
        }
    }

    [Fact]
    public void ReorderedInputsHandedBetweenTheMapsGiveTheSameResultsBitForBit()
    {
        var g = Cases["DCGAN d_conv2 64→128 4x4 s2, 5 images"];
        var gen = new Generator(13);
        var (x, w, gy) = RandomConvOperands.Draw(g, gen);
        OneDnnConvolution.Forced = true;
        try
        {
            var (y, dx, dw) = (new float[gy.Length], new float[x.Length], new float[w.Length]);
            OneDnnConvolution.TryForward(x, w, null, g, y);
            OneDnnConvolution.TryImageAdjoint(gy, w, g, dx);
            OneDnnConvolution.TryKernelAdjoint(x, gy, g, dw);
            var cache = new ConvOperandCache(n => new float[n]);
            var (yc, dxc, dwc) = (new float[gy.Length], new float[x.Length], new float[w.Length]);
            OneDnnConvolution.TryForward(x, w, null, g, yc, cache);
            Assert.True(cache.Source is { Filled: true }, "the forward leaves x's blocked copy");
            OneDnnConvolution.TryImageAdjoint(gy, w, g, dxc, cache);
            Assert.True(cache.OutputGradient is { Filled: true }, "the input gradient leaves gy's blocked copy");
            var (source, gradient) = (cache.Source, cache.OutputGradient);
            OneDnnConvolution.TryKernelAdjoint(x, gy, g, dwc, cache);
            Assert.Same(source, cache.Source); // reused, not reordered again
            Assert.Same(gradient, cache.OutputGradient);
            Assert.Equal(y, yc);
            Assert.Equal(dx, dxc);
            Assert.Equal(dw, dwc);
            // A copy of another convolution's layout is not taken: the call reorders into a new one.
            var other = Cases["3x3 s1 p1 32→48, 3 images"];
            var foreign = new ConvOperandCache(n => new float[n]) { Source = cache.Source };
            var xo = Tensor.Randn([other.N * other.C * other.H * other.W], gen).ToArray();
            var wo = Tensor.Randn([other.O * other.ColRows], gen).ToArray();
            var (yo, yoc) = (new float[other.N * other.O * other.OutPlane], new float[other.N * other.O * other.OutPlane]);
            OneDnnConvolution.TryForward(xo, wo, null, other, yo);
            OneDnnConvolution.TryForward(xo, wo, null, other, yoc, foreign);
            Assert.NotSame(cache.Source, foreign.Source);
            Assert.Equal(yo, yoc);
        }
        finally
        {
            OneDnnConvolution.Forced = null;
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)] // im2col: the transposed convolution's backward hands its gradient's columns between the maps
    public void ConvolutionGradientsThroughTheCachesEqualTheMapsCalledAlone(bool transposed, bool oneDnn)
    {
        // Tensor ops hand reordered copies between their maps; the kernels called one by one (no cache) are the reference.
        OneDnnConvolution.Forced = oneDnn ? null : false;
        try { GradientsThroughTheCachesEqualTheMapsCalledAlone(transposed); }
        finally { OneDnnConvolution.Forced = null; }
    }

    private static void GradientsThroughTheCachesEqualTheMapsCalledAlone(bool transposed)
    {
        var gen = new Generator(17);
        var x = Tensor.Randn(transposed ? [4, 64, 7, 7] : [4, 64, 14, 14], gen).RequireGrad();
        var w = Tensor.Randn(transposed ? [64, 32, 4, 4] : [32, 64, 4, 4], gen, std: 0.05f).RequireGrad();
        var y = transposed ? x.ConvTranspose2d(w, null, 2, 1) : x.Conv2d(w, null, 2, 1);
        var gy = Tensor.Randn(y.Shape, gen);
        y.Backward(gy);
        var g = transposed ? new ConvGeometry(4, 32, 14, 14, 64, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7) : new ConvGeometry(4, 64, 14, 14, 32, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7);
        Assert.True(OneDnnConvolution.Prefers(g));
        var (xs, ws, gys) = (x.ToArray(), w.ToArray(), gy.ToArray());
        var (refY, refDx, refDw) = (new float[y.Size], new float[x.Size], new float[w.Size]);
        if (transposed)
        {
            ConvKernels.Transposed(xs, ws, g, refY);
            ConvKernels.Forward(gys, ws, null, g, refDx);
            ConvKernels.WeightGrad(gys, xs, g, refDw);
        }
        else
        {
            ConvKernels.Forward(xs, ws, null, g, refY);
            ConvKernels.Transposed(gys, ws, g, refDx);
            ConvKernels.WeightGrad(xs, gys, g, refDw);
        }
        Assert.Equal(refY, y.ToArray());
        Assert.Equal(refDx, x.Grad!.ToArray());
        Assert.Equal(refDw, w.Grad!.ToArray());
    }

    [Fact]
    public void RepeatedRunsAgreeBitForBit()
    {
        var g = Cases["DCGAN d_conv2 64→128 4x4 s2, 5 images"];
        var gen = new Generator(11);
        var x = Tensor.Randn([g.N * g.C * g.H * g.W], gen).ToArray();
        var gy = Tensor.Randn([g.N * g.O * g.OutPlane], gen).ToArray();
        var first = new float[g.O * g.ColRows];
        Assert.True(OneDnnConvolution.TryKernelAdjoint(x, gy, g, first));
        for (int run = 0; run < 5; run++)
        {
            var again = new float[first.Length];
            OneDnnConvolution.TryKernelAdjoint(x, gy, g, again);
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void OnlyLargeChannelCountsWithSpatialKernelsGoToOneDnnByDefault()
    {
        Assert.True(OneDnnConvolution.Prefers(Cases["DCGAN d_conv2 64→128 4x4 s2, 5 images"]));
        Assert.True(OneDnnConvolution.Prefers(Cases["3x3 s1 p1 32→48, 3 images"]));
        Assert.False(OneDnnConvolution.Prefers(Cases["one channel in, 3 images"]));
        var oneByOne = new ConvGeometry(2, 64, 8, 8, 64, 1, 1, 1, 1, 0, 0, 1, 1, 1, 8, 8);
        Assert.False(OneDnnConvolution.Prefers(oneByOne));
        var y = new float[2 * 64 * 64];
        Assert.False(OneDnnConvolution.TryForward(new float[2 * 64 * 64], new float[64 * 64], null, oneByOne, y));
    }

    [Fact]
    public void LargeProductsOverSmallPlanesGoToOneDnnOnlyWithAvx512()
    {
        // DCGAN's 256 → 128 transposed convolution as the convolution it is the adjoint of: 2,048 column rows, 7×7 output.
        var transposed = new ConvGeometry(8, 128, 14, 14, 256, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7);
        Assert.Equal(OneDnnConvolution.RunsAvx512, OneDnnConvolution.Prefers(transposed));
        // Its discriminator's 64 → 128 layer (1,024 rows) stays with oneDNN either way.
        Assert.True(OneDnnConvolution.Prefers(new ConvGeometry(8, 64, 14, 14, 128, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7)));
        Assert.Equal(OneDnnConvolution.Implementation(transposed)!.Contains("avx512", StringComparison.Ordinal), OneDnnConvolution.RunsAvx512);
    }

    [Fact]
    public void MaskedTapsAndGroupsStayWithIm2col()
    {
        var masked = new ConvGeometry(2, 32, 8, 8, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 8, 8, [0, 1, 2, 3, 4]);
        var grouped = new ConvGeometry(2, 32, 8, 8, 32, 3, 3, 1, 1, 1, 1, 1, 1, 2, 8, 8);
        OneDnnConvolution.Forced = true;
        try
        {
            foreach (var g in new[] { masked, grouped })
            {
                Assert.False(OneDnnConvolution.TryForward(new float[g.N * g.C * 64], new float[g.O * g.RowsPerGroup], null, g, new float[g.N * g.O * 64]));
                // Through the kernel entry point the result is still right: im2col ran.
                var gen = new Generator(3);
                var x = Tensor.Randn([g.N * g.C * 64], gen).ToArray();
                var w = Tensor.Randn([g.O * g.RowsPerGroup], gen).ToArray();
                var y = NaiveConvolution.Poisoned(g.N * g.O * 64);
                ConvKernels.Forward(x, w, null, g, y);
                NaiveConvolution.AssertClose(NaiveConvolution.Forward(x, w, null, g), y, 1e-4, g.Taps is null ? "grouped" : "masked");
            }
        }
        finally
        {
            OneDnnConvolution.Forced = null;
        }
    }
}
