using Latent.Tensors;

namespace Latent.Tests.Tensors;

/// <summary>
/// <see cref="Tensor.Conv2dOverTaps(Tensor, int[], Tensor?, int, int, int, int)"/> against the full convolution with
/// the kernel multiplied by the tap mask: the same values and gradients, exactly zero gradient on the skipped taps.
/// </summary>
public class ConvOverTapsTests
{
    private readonly Generator _gen = new(31);

    private static Tensor Mask(int kh, int kw, int[] taps)
    {
        var mask = Tensor.Zeros(1, 1, kh, kw);
        foreach (int t in taps) mask.Data[t] = 1f;
        return mask;
    }

    public static TheoryData<int, int, int, int[], int, int> Layers => new()
    {
        // batch, in, out, taps, kernel, padding: PixelCNN's type A and B layers on odd batches, and a sparse kernel.
        { 3, 1, 8, [.. Enumerable.Range(0, 24)], 7, 3 },
        { 5, 6, 7, [0, 1, 2, 3, 4], 3, 1 },
        { 33, 8, 8, [0, 1, 2, 3], 3, 1 },
        { 2, 4, 3, [2, 6, 12, 18, 22], 5, 2 },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void EqualsTheFullConvolutionWithTheMaskedKernel(int batch, int cin, int cout, int[] taps, int k, int padding)
    {
        var x = Tensor.Randn([batch, cin, 9, 8], _gen).RequireGrad();
        var w = Tensor.Randn([cout, cin, k, k], _gen).RequireGrad();
        var b = Tensor.Randn([cout], _gen).RequireGrad();
        var mask = Mask(k, k, taps);
        var ours = x.Conv2dOverTaps(w, taps, b, padding: padding);
        var full = x.Conv2d(w * mask, b, padding: padding);
        Assert.Equal(full.Shape, ours.Shape);
        for (int i = 0; i < full.Size; i++) Close.Assert(full.Data[i], ours.Data[i], 1e-4, 1e-4, $"output {i}");

        var gy = Tensor.Randn(full.Shape, _gen);
        var g1 = Autograd.Grad([ours], [x, w, b], [gy]);
        var g2 = Autograd.Grad([full], [x, w, b], [gy]);
        for (int p = 0; p < 3; p++)
            for (int i = 0; i < g2[p]!.Size; i++)
                Close.Assert(g2[p]!.Data[i], g1[p]!.Data[i], 2e-4, 1e-4, $"gradient {p}, element {i}");
        // Skipped taps get exactly zero, whatever the rounding elsewhere.
        var gw = g1[1]!.Data;
        for (int i = 0; i < gw.Length; i++)
            if (mask.Data[i % (k * k)] == 0f) Assert.Equal(0f, gw[i]);
    }

    [Fact]
    public void GradientsMatchFiniteDifferencesToSecondOrder()
    {
        int[] taps = [0, 1, 2, 3, 4];
        var x = Tensor.Randn([2, 2, 4, 5], _gen);
        var w = Tensor.Randn([3, 2, 3, 3], _gen);
        var b = Tensor.Randn([3], _gen);
        GradCheck.Check(t => t[0].Conv2dOverTaps(t[1], taps, t[2], padding: 1), [x, w, b]);
        GradCheck.CheckSecondOrder(t => t[0].Conv2dOverTaps(t[1], taps, t[2], padding: 1).Square(), [x, w, b]);
    }

    [Fact]
    public void ValuesUnderSkippedTapsNeverReachTheOutput()
    {
        // The full convolution with a zeroed tap turns ∞·0 into NaN; over the kept taps an infinite (future) pixel
        // reaches only the outputs whose kept taps read it, and an infinite skipped weight is never read.
        var x = Tensor.Randn([1, 1, 4, 4], _gen);
        x.Data[2 * 4 + 2] = float.PositiveInfinity;
        var w = Tensor.Ones(1, 1, 3, 3);
        w.Data[8] = float.NaN; // a skipped tap
        var y = x.Conv2dOverTaps(w, [0, 1, 2, 3, 4], null, padding: 1);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                // Output (r, c) reads (r − 1, c − 1 … c + 1) and (r, c − 1), (r, c).
                bool reads = (r == 3 && c >= 1) || (r == 2 && c >= 2 && c <= 3);
                float v = y[0, 0, r, c];
                Assert.True(reads ? float.IsPositiveInfinity(v) : float.IsFinite(v), $"output ({r}, {c}) = {v}");
            }
    }

    [Fact]
    public void ListingEveryTapIsTheOrdinaryConvolution()
    {
        var x = Tensor.Randn([2, 3, 5, 5], _gen);
        var w = Tensor.Randn([4, 3, 3, 3], _gen);
        var y = x.Conv2dOverTaps(w, [.. Enumerable.Range(0, 9)], null, stride: 2, padding: 1);
        Assert.Equal(x.Conv2d(w, null, stride: 2, padding: 1).ToArray(), y.ToArray());
    }

    [Theory]
    [InlineData(new int[0], "at least one tap")]
    [InlineData(new[] { 3, 1 }, "strictly increasing")]
    [InlineData(new[] { 1, 1 }, "strictly increasing")]
    [InlineData(new[] { 0, 9 }, "[0, 9)")]
    [InlineData(new[] { -1 }, "[0, 9)")]
    public void BadTapListsAreRejectedByName(int[] taps, string message)
    {
        var x = Tensor.Randn([1, 2, 4, 4], _gen);
        var w = Tensor.Randn([3, 2, 3, 3], _gen);
        var e = Assert.Throws<ArgumentException>(() => x.Conv2dOverTaps(w, taps, null, padding: 1));
        Assert.Contains("Conv2dOverTaps", e.Message);
        Assert.Contains(message, e.Message);
    }
}
