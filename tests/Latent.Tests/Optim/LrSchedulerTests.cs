using System.Text.Json.Nodes;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.Optim;

public class LrSchedulerTests
{
    private static Sgd MakeSgd(double lr = 0.1, double momentum = 0.9) => new([Tensor.Zeros(1).RequireGrad()], lr: lr, momentum: momentum);

    /// <summary>Steps the schedule to each requested step and returns the lr of group 0 there.</summary>
    private static double[] LrsAt(LrScheduler s, params long[] steps)
    {
        var result = new double[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            while (s.StepCount < steps[i]) s.Step();
            result[i] = s.Optimizer.ParamGroups[0].Lr;
        }
        return result;
    }

    private static void AssertAll(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    [Fact]
    public void StepDecay() => AssertAll([0.1, 0.1, 0.01, 0.001], LrsAt(new StepLr(MakeSgd(), stepSize: 30), 0, 29, 30, 60));

    [Fact]
    public void MultiStepDecay() => AssertAll([0.1, 0.01, 0.01, 0.001], LrsAt(new MultiStepLr(MakeSgd(), [10, 25]), 9, 10, 24, 25));

    [Fact]
    public void Exponential() => AssertAll([0.1, 0.1 * Math.Pow(0.95, 7)], LrsAt(new ExponentialLr(MakeSgd(), 0.95), 0, 7));

    [Fact]
    public void CosineWithMinLr()
    {
        var s = new CosineAnnealingLr(MakeSgd(), tMax: 100, etaMin: 0.001);
        AssertAll([0.1, 0.001 + 0.099 * (1 + Math.Cos(Math.PI * 0.25)) / 2, 0.0505, 0.001, 0.001], LrsAt(s, 0, 25, 50, 100, 120));
    }

    [Fact]
    public void OneCyclePeaksAtTheRightStepAndCyclesMomentum()
    {
        var opt = MakeSgd();
        var s = new OneCycleLr(opt, maxLr: 1, totalSteps: 100);
        // PyTorch defaults: start 1/25, peak at 0.3·100 − 1 = 29, end 1/25/1e4 at step 99; momentum 0.95 → 0.85 → 0.95.
        Assert.Equal(29, s.PeakStep);
        Close.Assert(0.04, opt.ParamGroups[0].Lr, atol: 1e-12, rtol: 1e-12);
        Close.Assert(0.95, opt.ParamGroups[0]["momentum"], atol: 1e-12, rtol: 1e-12);
        var lrs = Enumerable.Range(0, 100).Select(i => { if (i > 0) s.Step(); return opt.ParamGroups[0].Lr; }).ToArray();
        Assert.Equal(29, Array.IndexOf(lrs, lrs.Max()));
        Close.Assert(1, lrs[29], atol: 1e-12, rtol: 1e-12);
        Close.Assert(1 + (0.04 - 1) / 2 * (1 + Math.Cos(Math.PI * 10 / 29.0)), lrs[10], atol: 1e-12, rtol: 1e-12);
        Close.Assert(4e-6, lrs[99], atol: 1e-12, rtol: 1e-12);
        Close.Assert(0.95, opt.ParamGroups[0]["momentum"], atol: 1e-12, rtol: 1e-12);
        Assert.Throws<InvalidOperationException>(() => s.Step());
    }

    [Fact]
    public void OneCycleCyclesAdamBeta1()
    {
        var adam = new Adam([Tensor.Zeros(1).RequireGrad()]);
        var s = new OneCycleLr(adam, maxLr: 0.01, totalSteps: 10);
        Close.Assert(0.95, adam.ParamGroups[0]["beta1"], atol: 1e-12, rtol: 1e-12);
        LrsAt(s, 2);
        Close.Assert(0.85, adam.ParamGroups[0]["beta1"], atol: 1e-12, rtol: 1e-12);
        Assert.Throws<ArgumentException>(() => new OneCycleLr(new AdaGrad([Tensor.Zeros(1).RequireGrad()]), 0.1, 10));
    }

    [Fact]
    public void LinearWarmupAloneAndComposedWithCosine()
    {
        AssertAll([0.1 / 3, 0.1 * (1.0 / 3 + 2.0 / 3 * 0.5), 0.1, 0.1], LrsAt(new LinearWarmup(MakeSgd(), warmupSteps: 10), 0, 5, 10, 50));

        var opt = MakeSgd();
        var s = new LinearWarmup(opt, warmupSteps: 10, startFactor: 0, then: new CosineAnnealingLr(opt, tMax: 100));
        AssertAll([0, 0.05, 0.1, 0.1 * (1 + Math.Cos(Math.PI * 0.5)) / 2, 0], LrsAt(s, 0, 5, 10, 60, 110));
    }

    [Fact]
    public void StateRoundTrips()
    {
        var opt = MakeSgd();
        var s = new LinearWarmup(opt, 5, then: new StepLr(opt, 10));
        LrsAt(s, 23);
        var json = JsonNode.Parse(s.StateDict().ToJsonString())!.AsObject();

        var opt2 = MakeSgd(lr: 0.7);
        var s2 = new LinearWarmup(opt2, 5, then: new StepLr(opt2, 10));
        s2.LoadStateDict(json);
        Assert.Equal(23, s2.StepCount);
        Assert.Equal(opt.ParamGroups[0].Lr, opt2.ParamGroups[0].Lr);
        s.Step();
        s2.Step();
        Assert.Equal(opt.ParamGroups[0].Lr, opt2.ParamGroups[0].Lr);
        Assert.Throws<InvalidDataException>(() => new ExponentialLr(opt2, 0.9).LoadStateDict(json));
    }
}
