using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.Optim;

/// <summary>Objectives with known optima shared by the optimizer tests.</summary>
internal static class TestProblems
{
    /// <summary>A = [[5.5, 4.5], [4.5, 5.5]] has eigenvalues 10 and 1 (condition number 10).</summary>
    private static readonly Tensor A = Tensor.FromArray(new float[,] { { 5.5f, 4.5f }, { 4.5f, 5.5f } });
    private static readonly Tensor C = Tensor.FromArray([-0.35f, 0.65f], 2, 1);

    /// <summary>The minimizer of the quadratic.</summary>
    public static readonly double[] QuadraticOptimum = [-0.35, 0.65];

    /// <summary>A fresh parameter column [2, 1] at the quadratic's starting point.</summary>
    public static Tensor QuadraticStart() => Tensor.FromArray([1f, -1f], 2, 1).RequireGrad();

    /// <summary>
    /// f(x) = ½(x − c)ᵀA(x − c), minimum 0 at c. Written around its minimum (rather than as ½xᵀAx − bᵀx, whose minimum
    /// value is −0.475) so that float32 can resolve loss differences near the optimum.
    /// </summary>
    public static Tensor Quadratic(Tensor x)
    {
        var e = x - C;
        return 0.5f * (e * A.MatMul(e)).Sum();
    }

    /// <summary>A fresh parameter [2] at the classic Rosenbrock start (−1.2, 1).</summary>
    public static Tensor RosenbrockStart() => Tensor.FromArray([-1.2f, 1f]).RequireGrad();

    /// <summary>f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).</summary>
    public static Tensor Rosenbrock(Tensor p)
    {
        var x = p.Narrow(0, 0, 1);
        var y = p.Narrow(0, 1, 1);
        return ((1f - x).Square() + 100f * (y - x.Square()).Square()).Sum();
    }

    /// <summary>A closure in the first-order form: zero grads, loss, backward, return loss.</summary>
    public static Func<Tensor> Closure(Optimizer opt, Func<Tensor> loss) => () =>
    {
        opt.ZeroGrad();
        var l = loss();
        l.Backward();
        return l;
    };

    /// <summary>Runs <paramref name="steps"/> plain steps of a first-order optimizer on <paramref name="loss"/>.</summary>
    public static void Train(Optimizer opt, Func<Tensor> loss, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            opt.ZeroGrad();
            loss().Backward();
            opt.Step();
        }
    }

    /// <summary>Asserts every element is within <paramref name="tol"/> of the expected values.</summary>
    public static void AssertNear(double[] expected, Tensor actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Size);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= tol,
                $"element {i}: expected {expected[i]}, got {actual.Data[i]} (tolerance {tol})");
    }
}
