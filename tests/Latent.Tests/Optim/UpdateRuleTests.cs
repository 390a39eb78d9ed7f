using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.Optim;

/// <summary>Single updates against hand-computed values and the formulas that define them.</summary>
public class UpdateRuleTests
{
    private static Tensor Scalar(float v) => Tensor.FromArray([v]).RequireGrad();

    /// <summary>Steps an optimizer on f(x) = x² from x = 1 and returns x after each step.</summary>
    private static double[] StepsOnSquare(Func<Tensor, Optimizer> make, int steps)
    {
        var x = Scalar(1);
        var opt = make(x);
        var xs = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            opt.ZeroGrad();
            x.Square().Sum().Backward();
            opt.Step();
            xs[i] = x.Data[0];
        }
        return xs;
    }

    [Fact]
    public void AdamFirstThreeStepsMatchClosedForm()
    {
        // f = x², g = 2x, lr = 0.1, β = (0.9, 0.999), ε = 1e-8, evaluated in double:
        // t=1: m̂ = g, v̂ = g², x = 1 − 0.1·2/(2 + 1e-8)
        // t=2: m = 0.9·0.2 + 0.1·g₂, v = 0.999·0.004 + 0.001·g₂², x −= 0.1/(1−0.9²)·m/(√v/√(1−0.999²) + ε); and so on.
        double[] expected = [0.9000000005, 0.8004122286917927, 0.7015862729460302];
        var xs = StepsOnSquare(x => new Adam([x], lr: 0.1), 3);
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], xs[i], 6e-7);
    }

    [Fact]
    public void AdamOnALargeParameterSplitAcrossThreadsMatchesTheScalarRule()
    {
        // 150,001 elements: long enough to be split across threads, odd so that a split falls inside a vector.
        const int n = 150_001;
        var gen = new Generator(6);
        var x = Tensor.Randn([n], gen).RequireGrad();
        var expected = x.ToArray();
        var m = new float[n];
        var v = new float[n];
        var adam = new Adam([x], lr: 0.01, weightDecay: 0.1);
        for (int t = 1; t <= 3; t++)
        {
            var g = Tensor.Randn([n], gen);
            x.Grad = g;
            adam.Step();
            float b1 = 0.9f, b2 = 0.999f, c1 = (float)(1 - 0.9), c2 = (float)(1 - 0.999);
            float step = (float)(0.01 / (1 - Math.Pow(0.9, t))), inv = (float)(1 / Math.Sqrt(1 - Math.Pow(0.999, t)));
            for (int i = 0; i < n; i++)
            {
                float gi = g.Data[i] + 0.1f * expected[i];
                m[i] = b1 * m[i] + c1 * gi;
                v[i] = b2 * v[i] + c2 * gi * gi;
                expected[i] -= step * m[i] / (MathF.Sqrt(v[i]) * inv + 1e-8f);
            }
        }
        Assert.Equal(expected, x.ToArray());
    }

    [Fact]
    public void SgdPlainStepIsLrTimesGradient()
    {
        var xs = StepsOnSquare(x => new Sgd([x], lr: 0.1), 2);
        Assert.Equal(0.8, xs[0], 1e-7);
        Assert.Equal(0.64, xs[1], 1e-7);
    }

    [Fact]
    public void SgdStandardAndEmaMomentumDifferAsTheFormulasSay()
    {
        // Standard: buf₁ = g₁ = 2, x₁ = 1 − 0.1·2 = 0.8; g₂ = 1.6, buf₂ = 0.9·2 + 1.6 = 3.4, x₂ = 0.8 − 0.34 = 0.46.
        var standard = StepsOnSquare(x => new Sgd([x], lr: 0.1, momentum: 0.9), 2);
        Assert.Equal(0.8, standard[0], 1e-6);
        Assert.Equal(0.46, standard[1], 1e-6);
        // EMA: buf₁ = 0.1·2 = 0.2, x₁ = 1 − 0.02 = 0.98; g₂ = 1.96, buf₂ = 0.9·0.2 + 0.1·1.96 = 0.376, x₂ = 0.98 − 0.0376 = 0.9424.
        var ema = StepsOnSquare(x => new Sgd([x], lr: 0.1, momentum: 0.9, form: MomentumForm.Ema), 2);
        Assert.Equal(0.98, ema[0], 1e-6);
        Assert.Equal(0.9424, ema[1], 1e-6);
        // The EMA form with lr equals the standard form with lr·(1 − c).
        var scaled = StepsOnSquare(x => new Sgd([x], lr: 0.01, momentum: 0.9), 20);
        var emaLong = StepsOnSquare(x => new Sgd([x], lr: 0.1, momentum: 0.9, form: MomentumForm.Ema), 20);
        for (int i = 0; i < 20; i++) Assert.Equal(scaled[i], emaLong[i], 1e-5);
    }

    [Fact]
    public void SgdNesterovLooksAhead()
    {
        // buf₁ = 2, step = g + μ·buf = 2 + 1.8 = 3.8, x₁ = 1 − 0.38 = 0.62.
        var xs = StepsOnSquare(x => new Sgd([x], lr: 0.1, momentum: 0.9, nesterov: true), 1);
        Assert.Equal(0.62, xs[0], 1e-6);
    }

    [Fact]
    public void AdamWDecouplesWeightDecay()
    {
        // AdamW shrinks x by (1 − lr·wd) before the Adam step; Adam with L2 adds wd·x to the gradient instead.
        var adamW = StepsOnSquare(x => new AdamW([x], lr: 0.1, weightDecay: 0.5), 1);
        Assert.Equal(1 * (1 - 0.05) - 0.1 * 2 / (2 + 1e-8), adamW[0], 1e-6);
        var adamL2 = StepsOnSquare(x => new Adam([x], lr: 0.1, weightDecay: 0.5), 1);
        Assert.Equal(1 - 0.1 * 2.5 / (2.5 + 1e-8), adamL2[0], 1e-6);
    }

    [Fact]
    public void RmsPropAndAdaGradFirstSteps()
    {
        // RMSProp: s = 0.01·4, x = 1 − 0.01·2/(√0.04 + 1e-8) = 0.9.
        Assert.Equal(0.9, StepsOnSquare(x => new RmsProp([x], lr: 0.01), 1)[0], 1e-6);
        // AdaGrad with initial accumulator 0.5 and lr decay 1: s = 4.5, x₁ = 1 − 0.5·2/√4.5; step 2 uses lr/2.
        var ada = StepsOnSquare(x => new AdaGrad([x], lr: 0.5, lrDecay: 1, initialAccumulatorValue: 0.5), 2);
        double x1 = 1 - 0.5 * 2 / Math.Sqrt(4.5);
        Assert.Equal(x1, ada[0], 1e-6);
        Assert.Equal(x1 - 0.25 * 2 * x1 / Math.Sqrt(4.5 + 4 * x1 * x1), ada[1], 1e-6);
    }

    [Fact]
    public void GroupsKeepTheirOwnHyperParameters()
    {
        var a = Scalar(1);
        var b = Scalar(1);
        var opt = new Sgd([new ParamGroup([a]), new ParamGroup([b], new Dictionary<string, double> { ["lr"] = 0.01 })], lr: 0.1);
        (a.Square() + b.Square()).Sum().Backward();
        opt.Step();
        Close.Assert(0.8f, a.Data[0], atol: 1e-6, rtol: 1e-6);
        Close.Assert(0.98f, b.Data[0], atol: 1e-6, rtol: 1e-6);
        Assert.Equal(0.01, opt.ParamGroups[1].Lr);
    }

    [Fact]
    public void BadConfigurationsFailClearly()
    {
        var x = Scalar(1);
        Assert.Contains("beta1", Assert.Throws<ArgumentException>(() => new Adam([x], beta1: 1.5)).Message);
        Assert.Contains("unknown hyper-parameter 'momentum'",
            Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup([x], new Dictionary<string, double> { ["momentum"] = 0.9 })])).Message);
        Assert.Contains("already belongs", Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([x]), new ParamGroup([x])], lr: 0.1)).Message);
        Assert.Contains("non-leaf", Assert.Throws<ArgumentException>(() => new Sgd([x * 2f], lr: 0.1)).Message);
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new Sgd(Array.Empty<Tensor>(), lr: 0.1)).Message);
        Assert.Contains("Step(closure)", Assert.Throws<InvalidOperationException>(() => new Lbfgs([x]).Step()).Message);
        Assert.Contains("one parameter group", Assert.Throws<ArgumentException>(
            () => new Lbfgs([x]).AddParamGroup(new ParamGroup([Scalar(2)]))).Message);
        Assert.Contains("without calling Backward", Assert.Throws<InvalidOperationException>(() => new Newton([x]).Step(() =>
        {
            var l = x.Square().Sum();
            l.Backward();
            return l;
        })).Message);
    }
}
