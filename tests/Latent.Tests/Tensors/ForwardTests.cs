using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Tensors;

public class ForwardTests
{
    // xunit builds a fresh instance per test, so every test draws from its own generator seeded the same way.
    private readonly Generator _gen = new(1);

    [Fact]
    public void BroadcastAddMatchesNaiveLoop()
    {
        var a = Tensor.Randn([2, 1, 4], _gen);
        var b = Tensor.Randn([3, 1], _gen);
        var y = a + b;
        Assert.Equal([2, 3, 4], y.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(a[i, 0, k] + b[j, 0], y[i, j, k]);
    }

    [Fact]
    public void ReductionsMatchDoublePrecisionLoops()
    {
        var x = Tensor.Randn([3, 5, 7], _gen);
        var s = x.Sum([0, 2]);
        var m = x.Max(1);
        var v = x.Var([2], correction: 1);
        for (int j = 0; j < 5; j++)
        {
            double acc = 0;
            for (int i = 0; i < 3; i++) for (int k = 0; k < 7; k++) acc += x[i, j, k];
            Close.Assert(acc, s[j], atol: 1e-4, rtol: 1e-4);
        }
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 7; k++)
            {
                float best = float.NegativeInfinity;
                for (int j = 0; j < 5; j++) best = Math.Max(best, x[i, j, k]);
                Assert.Equal(best, m[i, k]);
            }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
            {
                double mean = 0, sq = 0;
                for (int k = 0; k < 7; k++) mean += x[i, j, k];
                mean /= 7;
                for (int k = 0; k < 7; k++) sq += (x[i, j, k] - mean) * (x[i, j, k] - mean);
                Close.Assert(sq / 6, v[i, j], atol: 1e-4, rtol: 1e-4);
            }
    }

    [Fact]
    public void LargeSumIsAccurateAndDeterministic()
    {
        var x = Tensor.Rand([1_000_003], new Generator(3));
        double exact = 0;
        foreach (var v in x.Data) exact += v;
        float a = x.Sum().Item(), b = x.Sum().Item();
        Assert.Equal(a, b);
        Assert.True(Math.Abs(a - exact) / exact < 1e-6, $"{a} vs {exact}");
    }

    [Fact]
    public void ArgmaxAndSoftmax()
    {
        var x = Tensor.FromArray([1f, 3f, 2f, 9f, -1f, 9f], 2, 3);
        Assert.Equal([1f, 0f], x.Argmax(1).ToArray());
        var p = x.Softmax(-1);
        double e1 = Math.Exp(1), e2 = Math.Exp(2), e3 = Math.Exp(3);
        Close.Assert(e3 / (e1 + e2 + e3), p[0, 1], atol: 1e-5, rtol: 1e-5);
        var lp = Tensor.FromArray([1000f, 0f]).LogSoftmax(-1);
        Close.Assert(0f, lp[0], atol: 1e-5, rtol: 1e-5);
        Close.Assert(-1000f, lp[1], atol: 1e-2, rtol: 1e-2);
        Close.Assert(1000f + MathF.Log(2f), Tensor.FromArray([1000f, 1000f]).LogSumExp().Item(), atol: 1e-3, rtol: 1e-3);
        Assert.Equal(float.NegativeInfinity, Tensor.FromArray([float.NegativeInfinity, float.NegativeInfinity]).LogSumExp().Item());
    }

    [Theory]
    [InlineData(false, false, 7, 13, 5)]
    [InlineData(true, false, 33, 17, 9)]
    [InlineData(false, true, 4, 40, 21)]
    [InlineData(true, true, 65, 19, 70)]
    public void MatMulMatchesNaiveWithBlasAndManagedKernels(bool ta, bool tb, int m, int n, int k)
    {
        var a = ta ? Tensor.Randn([k, m], _gen) : Tensor.Randn([m, k], _gen);
        var b = tb ? Tensor.Randn([n, k], _gen) : Tensor.Randn([k, n], _gen);
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                    expected[i * n + j] += (double)(ta ? a[p, i] : a[i, p]) * (tb ? b[j, p] : b[p, j]);
        foreach (bool managed in new[] { false, true })
        {
            Gemm.ForceManaged = managed;
            try
            {
                var y = a.MatMul(b, ta, tb);
                Assert.Equal([m, n], y.Shape);
                for (int i = 0; i < m * n; i++) Assert.True(Math.Abs(expected[i] - y.Data[i]) < 1e-4 * (1 + Math.Abs(expected[i])), $"element {i}: {y.Data[i]} vs {expected[i]} (managed: {managed})");
            }
            finally { Gemm.ForceManaged = false; }
        }
    }

    [Fact]
    public void MatMulIntoWritesTheProductAndRefusesGraphs()
    {
        var a = Tensor.Randn([5, 3], _gen);
        var b = Tensor.Randn([4, 3], _gen);
        var output = Tensor.Full(7f, 5, 4);
        Tensor.MatMulInto(a, b, output, transB: true);
        Assert.Equal(a.MatMul(b, transB: true).ToArray(), output.ToArray());
        Assert.Throws<ArgumentException>(() => Tensor.MatMulInto(a, b, Tensor.Zeros(4, 5), transB: true));
        var w = Tensor.Randn([3, 4], _gen).RequireGrad();
        Assert.Throws<InvalidOperationException>(() => Tensor.MatMulInto(a, w, output));
        using (Autograd.NoGrad()) Tensor.MatMulInto(a, w, output);
    }

    [Fact]
    public void PermuteMatchesIndexing()
    {
        var x = Tensor.Randn([2, 3, 4, 5], _gen);
        var y = x.Permute(3, 1, 0, 2);
        Assert.Equal([5, 3, 2, 4], y.Shape);
        for (int a = 0; a < 2; a++) for (int b = 0; b < 3; b++) for (int c = 0; c < 4; c++) for (int d = 0; d < 5; d++)
            Assert.Equal(x[a, b, c, d], y[d, b, a, c]);
        var t = x.Transpose(-2, -1);
        Assert.Equal(x[1, 2, 3, 4], t[1, 2, 4, 3]);
    }

    [Fact]
    public void MovementOpsProduceExpectedValues()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal([3f, 2f, 1f, 6f, 5f, 4f], x.Flip(1).ToArray());
        Assert.Equal([2f, 3f, 5f, 6f], x.Narrow(1, 1, 2).ToArray());
        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0], x.Pad([(1, 0), (0, 1)]).ToArray());
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f, 4f, 5f, 6f, 4f, 5f, 6f], x.Repeat(1, 2).ToArray());
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 1f, 2f, 3f], Tensor.Concat([x, x.Narrow(0, 0, 1)], 0).ToArray());
        Assert.Equal([4f, 5f, 6f, 1f, 2f, 3f], x.IndexSelect(0, [1, 0]).ToArray());
        Assert.Equal([3f, 1f, 4f, 6f], x.Gather(1, Tensor.FromArray([2f, 0f, 0f, 2f], 2, 2)).ToArray());
        var scattered = Tensor.Zeros(2, 3).ScatterAdd(1, Tensor.FromArray([2f, 2f, 0f, 1f], 2, 2), Tensor.Ones(2, 2));
        Assert.Equal([0f, 0f, 2f, 1f, 1f, 0f], scattered.ToArray());
        var parts = Tensor.Arange(7).Chunk(3);
        Assert.Equal([3, 3, 1], parts.Select(p => p.Size));
        Assert.Equal([2, 2, 3], Tensor.Stack([x, x], 1).Shape);
        Assert.Equal([1, 2, 1, 3], x.Unsqueeze(0).Unsqueeze(2).Shape);
    }

    [Fact]
    public void ActivationsMatchReferenceValues()
    {
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 1f, 30f]);
        Close.Assert(0.8413447f, Tensor.FromArray([1f]).Gelu().Item(), atol: 1e-5, rtol: 1e-5);
        Close.Assert(-0.04550026f, Tensor.FromArray([-2f]).Gelu().Item(), atol: 1e-5, rtol: 1e-5);
        Close.Assert(MathF.Log(1 + MathF.Exp(1f)), x.Softplus()[3], atol: 1e-5, rtol: 1e-5);
        Assert.Equal(30f, x.Softplus()[4]);
        Close.Assert(MathF.Log(1 + MathF.Exp(2f)) / 2, Tensor.FromArray([1f]).Softplus(2f).Item(), atol: 1e-5, rtol: 1e-5);
        Close.Assert(-1000f, Tensor.FromArray([-1000f]).LogSigmoid().Item(), atol: 1e-3, rtol: 1e-3);
        Close.Assert(MathF.Exp(-2f) - 1, x.Elu()[0], atol: 1e-5, rtol: 1e-5);
        Close.Assert(1.0507009873554805f * 1.6732632423543772f * (MathF.Exp(-0.5f) - 1), x.Selu()[1], atol: 1e-5, rtol: 1e-5);
        Close.Assert(-0.5f * 0.1f, x.LeakyRelu(0.1f)[1], atol: 1e-6, rtol: 1e-6);
        Close.Assert(1f / (1f + MathF.Exp(-1f)), x.Silu()[3], atol: 1e-5, rtol: 1e-5);
        Assert.Equal([-1f, -0.5f, 0f, 1f, 1f], x.Hardtanh().ToArray());
        Close.Assert(0.5204999f, Tensor.FromArray([0.5f]).Erf().Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void Log1pAndExpm1AreAccurateNearZero()
    {
        var x = Tensor.FromArray([1e-8f]);
        Close.Assert(1e-8f, x.Log1p().Item(), atol: 1e-12, rtol: 1e-12);
        Close.Assert(1e-8f, x.Expm1().Item(), atol: 1e-12, rtol: 1e-12);
    }

    [Fact]
    public void NaNPropagatesThroughMaxAndHasNonFinite()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f]);
        Assert.True(float.IsNaN(x.Max().Item()));
        Assert.True(x.HasNonFinite());
        Assert.False(Tensor.FromArray([1f, 2f]).HasNonFinite());
        Assert.True(Tensor.FromArray([float.PositiveInfinity]).HasNonFinite());
    }
}
