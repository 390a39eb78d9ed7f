using Latent.Optim;
using Latent.Tensors;
using static Latent.Tests.Optim.TestProblems;

namespace Latent.Tests.Optim;

/// <summary>L-BFGS, CG and Newton reach the quadratic's and Rosenbrock's optima to 1e-6; GN and LM fit a decay curve to 1e-6.</summary>
public class SecondOrderConvergenceTests
{
    private static readonly double[] RosenbrockOptimum = [1, 1];

    private static void RunClosure(ClosureOptimizer opt, Func<Tensor> closure, int steps)
    {
        for (int i = 0; i < steps; i++) opt.Step(closure);
    }

    public static TheoryData<LineSearchKind> LbfgsSearches => [LineSearchKind.StrongWolfe, LineSearchKind.BacktrackingArmijo, LineSearchKind.None];

    [Theory, MemberData(nameof(LbfgsSearches))]
    public void LbfgsSolvesQuadratic(LineSearchKind search)
    {
        var x = QuadraticStart();
        var opt = new Lbfgs([x], lineSearch: search, toleranceChange: 1e-14);
        RunClosure(opt, Closure(opt, () => Quadratic(x)), 5);
        AssertNear(QuadraticOptimum, x, 1e-6);
    }

    [Theory]
    [InlineData(LineSearchKind.StrongWolfe)]
    [InlineData(LineSearchKind.BacktrackingArmijo)]
    public void LbfgsSolvesRosenbrock(LineSearchKind search)
    {
        var p = RosenbrockStart();
        var opt = new Lbfgs([p], maxIter: 100, lineSearch: search, toleranceGrad: 1e-9, toleranceChange: 1e-14);
        RunClosure(opt, Closure(opt, () => Rosenbrock(p)), 5);
        AssertNear(RosenbrockOptimum, p, 1e-6);
    }

    [Theory]
    [InlineData(LineSearchKind.StrongWolfe)]
    [InlineData(LineSearchKind.BacktrackingArmijo)]
    public void ConjugateGradientSolvesQuadratic(LineSearchKind search)
    {
        var x = QuadraticStart();
        var opt = new ConjugateGradient([x], lineSearch: search, toleranceChange: 1e-14);
        RunClosure(opt, Closure(opt, () => Quadratic(x)), 5);
        AssertNear(QuadraticOptimum, x, 1e-6);
    }

    [Fact]
    public void ConjugateGradientSolvesRosenbrock()
    {
        // The textbook form, as for L-BFGS. Near (1, 1) the line minimizer across the valley is less than one float32
        // ulp away, so CG gets there through negative (truncated) Polak–Ribière β and the parallel-tangent fallback;
        // from this start it takes 35 iterations and about 150 evaluations, L-BFGS 36 and 49.
        var p = RosenbrockStart();
        var opt = new ConjugateGradient([p], maxIter: 100, maxEval: 400, toleranceGrad: 1e-9, toleranceChange: 1e-14);
        RunClosure(opt, Closure(opt, () => Rosenbrock(p)), 5);
        AssertNear(RosenbrockOptimum, p, 1e-6);
        Assert.True(opt.FunctionEvaluations <= 400, $"{opt.FunctionEvaluations} closure calls");
    }

    [Fact]
    public void NewtonSolvesQuadraticInOneStep()
    {
        var x = QuadraticStart();
        var opt = new Newton([x]);
        opt.Step(() => Quadratic(x));
        AssertNear(QuadraticOptimum, x, 1e-6);
    }

    [Fact]
    public void NewtonSolvesRosenbrock()
    {
        var p = RosenbrockStart();
        var opt = new Newton([p]);
        RunClosure(opt, () => Rosenbrock(p), 40);
        AssertNear(RosenbrockOptimum, p, 1e-6);
    }

    [Fact]
    public void NewtonStaysDownhillAtASaddle()
    {
        // f(x, y) = x² − y² + y⁴/4 has a saddle at the origin and minima at y = ±√2: damping makes the step a descent step.
        var p = Tensor.FromArray([0.5f, 0.01f]).RequireGrad();
        Func<Tensor> f = () =>
        {
            var x = p.Narrow(0, 0, 1);
            var y = p.Narrow(0, 1, 1);
            return (x.Square() - y.Square() + 0.25f * y.Square().Square()).Sum();
        };
        var opt = new Newton([p]);
        RunClosure(opt, f, 30);
        AssertNear([0, Math.Sqrt(2)], p, 1e-6);
    }

    /// <summary>Noise-free samples of y = 2·exp(−0.75·t) at t = 0, 0.1, …, 1.9.</summary>
    private static (Tensor T, Tensor Y) DecayData()
    {
        var t = new float[20];
        var y = new float[20];
        for (int i = 0; i < t.Length; i++) { t[i] = i / 10f; y[i] = (float)(2 * Math.Exp(-0.75 * t[i])); }
        return (Tensor.FromArray(t), Tensor.FromArray(y));
    }

    private static void AssertFitsDecay(Func<Tensor, Tensor, ClosureOptimizer> make, int steps)
    {
        var (t, y) = DecayData();
        var a = Tensor.FromArray([1f]).RequireGrad();
        var b = Tensor.FromArray([0.1f]).RequireGrad();
        var opt = make(a, b);
        RunClosure(opt, () => a * (-b * t).Exp() - y, steps);
        AssertNear([2], a, 1e-6);
        AssertNear([0.75], b, 1e-6);
    }

    [Fact] public void GaussNewtonFitsExponentialDecay() => AssertFitsDecay((a, b) => new GaussNewton([a, b]), 20);

    [Fact] public void LevenbergMarquardtFitsExponentialDecay() => AssertFitsDecay((a, b) => new LevenbergMarquardt([a, b]), 30);

    [Fact] public void LevenbergMarquardtWithMarquardtScalingFitsExponentialDecay()
        => AssertFitsDecay((a, b) => new LevenbergMarquardt([a, b], lambda: 10, marquardt: true), 40);
}
