using Latent.Tensors;

namespace Latent.Tests.Tensors;

public class AutogradTests
{
    [Fact]
    public void BackwardAccumulatesIntoGradUntilZeroed()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]).RequireGrad();
        (x * x).Sum().Backward();
        (x * 3f).Sum().Backward();
        Assert.Equal([5f, 7f, 9f], x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void DetachCutsTheGraph()
    {
        var x = Tensor.FromArray([2f]).RequireGrad();
        var y = x * x.Detach();
        y.Backward();
        Assert.Equal(2f, x.Grad!.Item());
        Assert.False(x.Detach().RequiresGrad);
    }

    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        var x = Tensor.FromArray([2f]).RequireGrad();
        Tensor y;
        using (Autograd.NoGrad()) y = x * x;
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void GradientsWithoutCreateGraphHaveNoGraph()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var g = Autograd.Grad((x * x * x).Sum(), x);
        Assert.False(g.RequiresGrad);
        Assert.Equal([3f, 12f], g.ToArray());
    }

    [Fact]
    public void CreateGraphGivesDifferentiableGradients()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var g = Autograd.Grad((x * x * x).Sum(), x, createGraph: true);
        Assert.True(g.RequiresGrad);
        var h = Autograd.Grad(g.Sum(), x);
        Assert.Equal([6f, 12f], h.ToArray());
    }

    [Fact]
    public void ThirdDerivativeWorks()
    {
        var x = Tensor.FromArray([0.5f]).RequireGrad();
        var y = x.Sin();
        var d1 = Autograd.Grad(y, x, createGraph: true);
        var d2 = Autograd.Grad(d1, x, createGraph: true);
        var d3 = Autograd.Grad(d2, x);
        Close.Assert(-MathF.Cos(0.5f), d3.Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void SecondBackwardThroughReleasedGraphThrowsClearError()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var loss = (x.Exp() * x).Sum();
        loss.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("released", ex.Message);
        Assert.Contains("retainGraph", ex.Message);
    }

    [Fact]
    public void RetainGraphAllowsSecondBackward()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var loss = (x.Exp() * x).Sum();
        loss.Backward(retainGraph: true);
        var first = x.Grad!.ToArray();
        loss.Backward();
        Assert.Equal(first.Select(v => 2 * v), x.Grad!.ToArray());
    }

    [Fact]
    public void NonScalarBackwardNeedsAGradient()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
        Assert.Contains("[2]", ex.Message);
        (x * 2f).Backward(Tensor.FromArray([1f, -1f]));
        Assert.Equal([2f, -2f], x.Grad!.ToArray());
    }

    [Fact]
    public void UnusedInputsThrowUnlessAllowed()
    {
        var x = Tensor.FromArray([1f]).RequireGrad();
        var z = Tensor.FromArray([1f]).RequireGrad();
        var y = x * 2f;
        Assert.Throws<InvalidOperationException>(() => Autograd.Grad([y], [x, z], retainGraph: true));
        var grads = Autograd.Grad([y], [x, z], allowUnused: true);
        Assert.Equal(2f, grads[0]!.Item());
        Assert.Null(grads[1]);
    }

    [Fact]
    public void GradWithRespectToIntermediateTensor()
    {
        var x = Tensor.FromArray([3f]).RequireGrad();
        var h = x * x;
        var y = h.Sin();
        var g = Autograd.Grad(y, h);
        Close.Assert(MathF.Cos(9f), g.Item(), atol: 1e-5, rtol: 1e-5);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void OpWithoutDoubleBackwardThrowsNotSupportedOnSecondDifferentiation()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        // An op whose backward uses raw kernels: its gradient cannot be differentiated again.
        var y = Tensor.Record(Tensor.Map(x, (s, d) => { for (int i = 0; i < d.Length; i++) d[i] = s[i] * s[i]; }), "RawSquare", [x],
            (g, _) => [Tensor.Zip(g, x, (gs, xs, o) => { for (int i = 0; i < o.Length; i++) o[i] = 2 * gs[i] * xs[i]; })],
            supportsDoubleBackward: false);
        var g1 = Autograd.Grad(y.Sum(), x, createGraph: true);
        Assert.Equal([2f, 4f], g1.ToArray());
        var ex = Assert.Throws<NotSupportedException>(() => Autograd.Grad(g1.Sum(), x));
        Assert.Contains("RawSquare", ex.Message);
    }

    [Fact]
    public void RequiresGradCannotBeClearedOnComputedTensor()
    {
        var x = Tensor.FromArray([1f]).RequireGrad();
        var y = x * 2f;
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalTensorsAndGradients()
    {
        static (float[] Out, float[] Grad) Run()
        {
            var gen = new Generator(99);
            var w = Tensor.Randn([64, 32], gen).RequireGrad();
            var x = Tensor.Randn([128, 64], gen);
            var y = x.MatMul(w).Tanh().Softmax(-1).Log().Mean();
            y.Backward();
            return (y.ToArray(), w.Grad!.ToArray());
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Out, b.Out);
        Assert.Equal(a.Grad, b.Grad);
    }

    [Fact]
    public void LongChainsDoNotOverflowTheStack()
    {
        var x = Tensor.FromArray([1f]).RequireGrad();
        var y = x;
        for (int i = 0; i < 20000; i++) y = y * 1.0001f;
        y.Backward();
        Close.Assert(MathF.Pow(1.0001f, 20000), x.Grad!.Item(), atol: 1e-2, rtol: 1e-2);
    }

    [Fact]
    public void BackwardIntoChosenInputsLeavesOtherLeavesAlone()
    {
        var gen = new Generator(9);
        var a = Tensor.Randn([3, 4], gen).RequireGrad();
        var b = Tensor.Randn([4, 2], gen).RequireGrad();
        var expected = Autograd.Grad(a.MatMul(b).Tanh().Sum(), a);
        var loss = a.MatMul(b).Tanh().Sum();
        loss.Backward(inputs: [a]);
        Assert.Equal(expected.ToArray(), a.Grad!.ToArray());
        Assert.Null(b.Grad);

        var hidden = a.MatMul(b);
        var ex = Assert.Throws<ArgumentException>(() => hidden.Sum().Backward(inputs: [hidden]));
        Assert.Contains("leaf", ex.Message);
    }
}
