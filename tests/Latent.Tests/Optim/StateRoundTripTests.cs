using System.Text.Json.Nodes;
using Latent.Optim;
using Latent.Tensors;
using static Latent.Tests.Optim.TestProblems;

namespace Latent.Tests.Optim;

/// <summary>10 steps, save, new optimizer, load, 10 steps gives bit-identical parameters to 20 steps in one go.</summary>
public class StateRoundTripTests
{
    /// <summary>Passes the JSON through text, as a checkpoint does.</summary>
    private static OptimizerState ThroughDisk(OptimizerState state)
        => new(state.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()), JsonNode.Parse(state.Json.ToJsonString())!.AsObject());

    private static void AssertResumesBitExactly(Func<Tensor, Optimizer> make, Func<Tensor, Tensor> loss, Func<Tensor> start)
    {
        void Run(Optimizer opt, Tensor p, int steps)
        {
            var closure = Closure(opt, () => loss(p));
            for (int i = 0; i < steps; i++)
                if (opt is ClosureOptimizer) opt.Step(closure);
                else { closure(); opt.Step(); }
        }

        var straight = start();
        Run(make(straight), straight, 20);

        var resumed = start();
        var first = make(resumed);
        Run(first, resumed, 10);
        var saved = ThroughDisk(first.StateDict());
        var copy = Tensor.FromArray(resumed.ToArray(), resumed.Shape).RequireGrad();
        var second = make(copy);
        second.LoadStateDict(saved);
        Run(second, copy, 10);

        Assert.Equal(straight.ToArray(), copy.ToArray());
        Assert.NotEqual(start().ToArray(), copy.ToArray());
    }

    [Fact] public void Adam() => AssertResumesBitExactly(p => new Adam([p], lr: 0.05, amsgrad: true), Rosenbrock, RosenbrockStart);

    [Fact] public void SgdMomentum() => AssertResumesBitExactly(p => new Sgd([p], lr: 1e-4, momentum: 0.9, nesterov: true), Rosenbrock, RosenbrockStart);

    [Fact] public void RmsProp() => AssertResumesBitExactly(p => new RmsProp([p], lr: 0.01, momentum: 0.5, centered: true), Rosenbrock, RosenbrockStart);

    [Fact] public void AdaGrad() => AssertResumesBitExactly(p => new AdaGrad([p], lr: 0.1, lrDecay: 0.01), Rosenbrock, RosenbrockStart);

    [Fact] public void Lbfgs() => AssertResumesBitExactly(p => new Lbfgs([p], maxIter: 2, historySize: 5), Rosenbrock, RosenbrockStart);

    [Fact] public void ConjugateGradient() => AssertResumesBitExactly(p => new ConjugateGradient([p], maxIter: 2), Rosenbrock, RosenbrockStart);

    [Fact]
    public void StateHasTensorsAndJsonHyperParameters()
    {
        var p = RosenbrockStart();
        var opt = new Adam([p], lr: 0.05);
        Train(opt, () => Rosenbrock(p), 3);
        var state = opt.StateDict();
        Assert.Equal(["state.0.exp_avg", "state.0.exp_avg_sq"], state.Tensors.Keys.Order());
        Assert.Equal(3, state.Json["state"]!["0"]!["step"]!.GetValue<long>());
        Assert.Equal(0.05, state.Json["param_groups"]![0]!["lr"]!.GetValue<double>());
    }

    [Fact]
    public void LoadingMismatchedStateFailsAndLeavesTheOptimizerUnchanged()
    {
        var p = RosenbrockStart();
        var adam = new Adam([p]);
        Train(adam, () => Rosenbrock(p), 2);
        var state = adam.StateDict();
        Assert.Contains("'Adam'", Assert.Throws<InvalidDataException>(() => new Sgd([p], lr: 0.1).LoadStateDict(state)).Message);

        var other = new Adam([Tensor.Zeros(3).RequireGrad()]);
        Assert.Contains("shape", Assert.Throws<InvalidDataException>(() => other.LoadStateDict(state)).Message);
        Assert.False(other.TryGetState(other.Parameters.First(), out _));

        var twoGroups = new Adam([new ParamGroup([RosenbrockStart()]), new ParamGroup([RosenbrockStart()])]);
        Assert.Contains("parameter groups", Assert.Throws<InvalidDataException>(() => twoGroups.LoadStateDict(state)).Message);
    }
}
