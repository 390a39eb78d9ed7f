using Latent.Optim;
using Latent.Tensors;
using static Latent.Tests.Optim.TestProblems;

namespace Latent.Tests.Optim;

/// <summary>Each first-order optimizer reaches the optimum of an ill-conditioned quadratic (κ = 10) to 1e-3.</summary>
public class FirstOrderConvergenceTests
{
    private static void AssertConverges(Func<Tensor, Optimizer> make, int steps)
    {
        var x = QuadraticStart();
        var opt = make(x);
        Train(opt, () => Quadratic(x), steps);
        AssertNear(QuadraticOptimum, x, 1e-3);
    }

    [Fact] public void Sgd() => AssertConverges(x => new Sgd([x], lr: 0.15), 200);

    [Fact] public void SgdMomentum() => AssertConverges(x => new Sgd([x], lr: 0.05, momentum: 0.5), 200);

    [Fact] public void SgdEmaMomentum() => AssertConverges(x => new Sgd([x], lr: 0.1, momentum: 0.5, form: MomentumForm.Ema), 300);

    [Fact] public void SgdNesterov() => AssertConverges(x => new Sgd([x], lr: 0.05, momentum: 0.5, nesterov: true), 200);

    [Fact] public void SgdWithWeightDecayReachesTheRegularizedOptimum()
    {
        // f + ½·wd·|x|² has optimum (A + wd·I)⁻¹b; with wd = 1: [[6.5, 4.5], [4.5, 6.5]]⁻¹[1, 2] = [−2.5, 8.5]/22.
        var x = QuadraticStart();
        Train(new Sgd([x], lr: 0.1, weightDecay: 1), () => Quadratic(x), 300);
        AssertNear([-2.5 / 22, 8.5 / 22], x, 1e-3);
    }

    [Fact] public void Adam() => AssertConverges(x => new Adam([x], lr: 0.02), 1500);

    [Fact] public void AdamAmsgrad() => AssertConverges(x => new Adam([x], lr: 0.02, amsgrad: true), 1500);

    [Fact] public void AdamW() => AssertConverges(x => new AdamW([x], lr: 0.02, weightDecay: 0), 1500);

    [Fact] public void RmsProp() => AssertConverges(x => new RmsProp([x], lr: 0.0005), 6000);

    [Fact] public void RmsPropCenteredWithMomentum() => AssertConverges(x => new RmsProp([x], lr: 0.005, momentum: 0.5, centered: true), 1500);

    [Fact] public void AdaGrad() => AssertConverges(x => new AdaGrad([x], lr: 0.5), 1500);
}
