using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Tensors;

/// <summary>
/// Gradients exactly at the special points where finite differences cannot look (zero vectors, constant slices,
/// x⁰ at 0, logit 0, beyond a threshold, the corners of a clamp), each against the value PyTorch returns.
/// </summary>
public class SpecialPointTests
{
    private static float[] GradOf(Func<Tensor, Tensor> f, Tensor x)
    {
        var leaf = x.Detach().RequireGrad();
        return Autograd.Grad(f(leaf).Sum(), leaf).ToArray();
    }

    /// <summary>∂/∂x of Σ ∂f/∂x (the Hessian's row sums), through createGraph.</summary>
    private static float[] SecondGradOf(Func<Tensor, Tensor> f, Tensor x)
    {
        var leaf = x.Detach().RequireGrad();
        var g = Autograd.Grad(f(leaf).Sum(), leaf, createGraph: true);
        // A gradient that does not depend on x (piecewise-linear ops) has zero curvature.
        return g.RequiresGrad ? Autograd.Grad(g.Sum(), leaf).ToArray() : new float[x.Size];
    }

    private static void AllEqual(float expected, float[] actual, string what)
    {
        for (int i = 0; i < actual.Length; i++)
            Assert.True(actual[i] == expected, $"{what}: element {i} is {actual[i]}, expected {expected}");
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(3f)]
    [InlineData(1.5f)]
    [InlineData(0.5f)]
    [InlineData(float.PositiveInfinity)]
    public void NormOfAZeroVectorHasZeroGradientAndCurvature(float p)
    {
        var x = Tensor.Zeros(2, 4);
        x.Data[4] = 0.5f; // the second row is not zero, so the batched path mixes both cases
        var g = GradOf(t => t.Norm(p, [1]), x);
        AllEqual(0f, g[..4], $"‖0‖_{p} gradient");
        Assert.All(g[4..], v => Assert.True(float.IsFinite(v)));
        Close.Assert(1, g[4], atol: 1e-6, rtol: 1e-6); // ∂‖x‖/∂x = sign at a one-hot row, whatever p
        AllEqual(0f, g[5..], $"‖e₁‖_{p} gradient off the support");
        if (p < 2) return; // below p = 2 the curvature of |x|ᵖ⁻¹ itself is infinite at 0
        var h = SecondGradOf(t => t.Norm(p, [1]), x);
        AllEqual(0f, h[..4], $"‖0‖_{p} second derivative");
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(3f)]
    [InlineData(0.5f)]
    public void TheZeroConventionsDoNotHideNaN(float p)
    {
        var x = Tensor.FromArray([float.NaN, 1f], 1, 2);
        Assert.All(GradOf(t => t.Norm(p, [1]), x), v => Assert.True(float.IsNaN(v)));
        Assert.True(float.IsNaN(GradOf(t => t.Std(), x)[1]));
        var e = Tensor.FromArray([2f, 2f]).RequireGrad();
        Assert.True(float.IsNaN(Autograd.Grad(Tensor.FromArray([float.NaN, 2f]).Pow(e).Sum(), e).Data[0]));
    }

    [Fact]
    public void NormGradientMatchesTheClosedFormAwayFromZero()
    {
        var x = Tensor.FromArray([3f, -4f], 1, 2);
        var g = GradOf(t => t.Norm(2, [1]), x);
        Close.Assert(0.6, g[0], atol: 1e-6, rtol: 1e-6);
        Close.Assert(-0.8, g[1], atol: 1e-6, rtol: 1e-6);
        var g3 = GradOf(t => t.Norm(3), x); // x|x| / ‖x‖₃²
        double n3 = Math.Cbrt(27 + 64);
        Close.Assert(9 / (n3 * n3), g3[0], atol: 1e-6, rtol: 1e-5);
        Close.Assert(-16 / (n3 * n3), g3[1], atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void WganGpPenaltyWithAllUnitsOffForOneSampleKeepsEveryCriticGradientFinite()
    {
        // ReLU critic whose first layer is off for the second sample: ∇ₓD = 0 there, and the penalty uses the public Norm.
        var gen = new Generator(3);
        var w1 = Tensor.Randn([5, 3], gen).RequireGrad();
        var b1 = Tensor.Full(-100f, 5).RequireGrad();
        var w2 = Tensor.Randn([1, 5], gen).RequireGrad();
        var x = Tensor.FromArray([10f, 10f, 10f, 0.1f, 0.2f, 0.3f], 2, 3);
        using (Autograd.NoGrad()) for (int j = 0; j < 5; j++) w1.Data[j * 3] = Math.Abs(w1.Data[j * 3]) + 50f; // sample 1 is on
        var input = x.RequireGrad();
        var d = input.Linear(w1, b1).Relu().Linear(w2);
        var gradX = Autograd.Grad(d.Sum(), input, createGraph: true);
        var penalty = (gradX.Norm(2, [1]) - 1f).Square().Mean();
        var grads = Autograd.Grad([penalty], [w1, w2]); // b1 only switches the units, so the penalty has no slope in it
        foreach (var t in grads) Assert.False(t!.HasNonFinite(), "critic gradient has NaN or ∞");
        Assert.Contains(grads[0]!.ToArray(), v => v != 0); // the live sample still trains the critic
    }

    [Fact]
    public void StdOfAConstantHasZeroGradient()
    {
        var x = Tensor.Full(1.5f, 3, 4);
        AllEqual(0f, GradOf(t => t.Std([1]), x), "std of constant rows");
        AllEqual(0f, GradOf(t => t.Std(), x), "std of a constant tensor");
        AllEqual(0f, SecondGradOf(t => t.Std([1]), x), "second derivative of std of constant rows");
    }

    [Fact]
    public void VarianceOverASizeOneAxisIsZeroByConvention()
    {
        var x = Tensor.FromArray([2f, -1f], 2, 1);
        AllEqual(0f, x.Var([1]).ToArray(), "variance of one value");
        AllEqual(0f, GradOf(t => t.Std([1]), x), "gradient of the std of one value");
    }

    [Fact]
    public void PowWithExponentZeroAtBaseZeroHasZeroBaseGradient()
    {
        var x = Tensor.FromArray([0f, 2f, -3f]);
        AllEqual(1f, x.Pow(0f).ToArray(), "x^0");
        AllEqual(0f, GradOf(t => t.Pow(0f), x), "d/dx x^0 (scalar exponent)");
        var e = Tensor.FromArray([0f, 0f, 0f]);
        AllEqual(0f, GradOf(t => t.Pow(e), x), "d/dx x^e at e = 0 (tensor exponent)");
        AllEqual(0f, SecondGradOf(t => t.Pow(e), x), "d²/dx² x^e at e = 0");
    }

    [Fact]
    public void PowExponentGradientAtBaseZeroIsZeroAndItsCurvatureFinite()
    {
        var x = Tensor.FromArray([0f, 2f]);
        var e = Tensor.FromArray([2f, 3f]).RequireGrad();
        var ge = Autograd.Grad(x.Pow(e).Sum(), e, createGraph: true);
        Assert.Equal(0f, ge.Data[0]);
        Close.Assert(8 * Math.Log(2), ge.Data[1], atol: 1e-5, rtol: 1e-5);
        var he = Autograd.Grad(ge.Sum(), e).ToArray();
        Assert.Equal(0f, he[0]);
        Close.Assert(8 * Math.Log(2) * Math.Log(2), he[1], atol: 1e-5, rtol: 1e-5);
        // The base's second derivative at base 0 with exponent 2: d²/dx² x² = 2.
        var xl = Tensor.FromArray([0f]).RequireGrad();
        var gx = Autograd.Grad(xl.Pow(Tensor.FromArray([2f])).Sum(), xl, createGraph: true);
        Assert.Equal(0f, gx.Data[0]);
        Close.Assert(2, Autograd.Grad(gx.Sum(), xl).Data[0], atol: 1e-6, rtol: 1e-6);
    }

    [Theory]
    [InlineData(1f, 3f)]
    [InlineData(0f, 3f)]
    [InlineData(0.3f, 0.5f)]
    public void BceWithLogitsPosWeightHasExactCurvatureAtLogitZero(float target, float posWeight)
    {
        var x = Tensor.Zeros(1);
        var y = Tensor.Full(target, 1);
        var w = Tensor.Full(posWeight, 1);
        Tensor Loss(Tensor t) => Losses.BinaryCrossEntropyWithLogits(t, y, posWeight: w, reduction: Reduction.Sum);
        // loss = (1 − y)x − c·log σ(x), c = 1 + (w − 1)y: first derivative (1 − y) − c/2, second c/4 at x = 0.
        double c = 1 + (posWeight - 1) * target;
        Close.Assert((1 - target) - c / 2, GradOf(Loss, x)[0], atol: 1e-6, rtol: 1e-6, what: "first derivative");
        Close.Assert(c / 4, SecondGradOf(Loss, x)[0], atol: 1e-6, rtol: 1e-6, what: "second derivative");
        // Without posWeight the fused op has the same curvature (1/4).
        Close.Assert(0.25, SecondGradOf(t => Losses.BinaryCrossEntropyWithLogits(t, y, reduction: Reduction.Sum), x)[0], atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void SoftplusGradientIsOneAboveTheThreshold()
    {
        var x = Tensor.FromArray([2f, 0.5f, -1f]);
        // β = 2, threshold 2: 2·2 = 4 > 2 is linear; 2·0.5 = 1 and −2 are below.
        var g = GradOf(t => t.Softplus(2f, 2f), x);
        Assert.Equal(1f, g[0]);
        Close.Assert(1 / (1 + Math.Exp(-1)), g[1], atol: 1e-6, rtol: 1e-6);
        Close.Assert(1 / (1 + Math.Exp(2)), g[2], atol: 1e-6, rtol: 1e-6);
        Assert.Equal(0f, SecondGradOf(t => t.Softplus(2f, 2f), x)[0]);
        Assert.Equal(2f, x.Softplus(2f, 2f).Data[0]);
    }

    [Fact]
    public void HardtanhBlocksTheGradientAtItsCornersAndClampPassesIt()
    {
        var x = Tensor.FromArray([-1f, 1f, 0.5f, 2f]);
        Assert.Equal([0f, 0f, 1f, 0f], GradOf(t => t.Hardtanh(), x));
        Assert.Equal([1f, 1f, 1f, 0f], GradOf(t => t.Clamp(-1f, 1f), x));
    }
}

public class IndexAndRankTests
{
    [Fact]
    public void FromArrayWithAnEmptyShapeIsRankZero()
    {
        var s = Tensor.FromArray([2.5f], []);
        Assert.Equal(0, s.Rank);
        Assert.Equal(2.5f, s.Item());
        Assert.Equal([3], Tensor.FromArray([1f, 2f, 3f]).Shape);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f], []));
    }

    [Fact]
    public void IndexTensorsFeedEachOther()
    {
        var x = Tensor.FromArray([3f, 9f, 1f, 4f, 0f, 7f], 2, 3);
        var (values, indices) = x.MaxWithIndices(1);
        Assert.Equal([9f, 7f], values.ToArray());
        Assert.Equal([1f, 2f], indices.ToArray());
        Assert.Equal([9f, 7f], x.Gather(1, indices.Reshape(2, 1)).ToArray());
        Assert.Equal([9f, 1f, 0f, 7f], x.IndexSelect(1, indices).ToArray());
        Assert.Throws<ArgumentException>(() => x.IndexSelect(1, Tensor.FromArray([0.5f])));
        Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(1, Tensor.FromArray([3f])));
        var (minValues, minIndices) = x.MinWithIndices(0, keepDim: true);
        Assert.Equal([1, 3], minValues.Shape);
        Assert.Equal([0f, 1f, 0f], minIndices.ToArray());
        Assert.Equal([3f, 0f, 1f], minValues.ToArray());
    }

    [Fact]
    public void MaxWithIndicesSendsTheGradientToOneTieAndMaxSharesIt()
    {
        var x = Tensor.FromArray([2f, 2f, 1f], 1, 3).RequireGrad();
        Assert.Equal([1f, 0f, 0f], Autograd.Grad(x.MaxWithIndices(1).Values.Sum(), x).ToArray());
        Assert.Equal([0.5f, 0.5f, 0f], Autograd.Grad(x.Max(1).Sum(), x).ToArray());
    }
}
