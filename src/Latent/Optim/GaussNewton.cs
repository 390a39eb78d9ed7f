using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Gauss–Newton for nonlinear least squares <c>E(x) = ½Σᵢ rᵢ(x)²</c>: each step linearizes the residuals,
/// <c>rᵢ(x₀ + δ) ≈ rᵢ(x₀) + ∇rᵢ(x₀)·δ</c>, and solves the normal equations <c>(JᵀJ + λI)·δ = −Jᵀr</c>, with a halving line search.
/// </summary>
/// <remarks>
/// The closure returns the residual tensor (any shape) computed from the parameters, <b>without</b> calling
/// <c>Backward</c>; the Jacobian is built by autograd, one vector-Jacobian product per residual:
/// <code>
/// var opt = new GaussNewton([a, b]);
/// for (int i = 0; i &lt; 20; i++) opt.Step(() => a * (-b * t).Exp() - y);
/// </code>
/// If the step does not reduce the cost it is halved up to <c>max_halvings</c> times, then the gradient direction
/// <c>−Jᵀr</c> is tried the same way. Hyper-parameters: <c>lr</c> (first trial step), <c>damping</c> (λ, raised
/// automatically when <c>JᵀJ</c> is singular), <c>max_halvings</c>. For a damping that adapts to progress use
/// <see cref="LevenbergMarquardt"/>.
/// </remarks>
public sealed class GaussNewton : DampedNewtonOptimizer
{
    /// <summary>Creates Gauss–Newton over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (a few hundred elements at most).</param>
    /// <param name="lr">First trial step length; 1 takes the full Gauss–Newton step.</param>
    /// <param name="damping">λ added to the diagonal of <c>JᵀJ</c>.</param>
    /// <param name="maxHalvings">How many times the line search halves the step before giving up on a direction.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public GaussNewton(IEnumerable<Tensor> parameters, double lr = 1, double damping = 0, int maxHalvings = 20)
        : base(parameters, lr, damping, maxHalvings, "gauss_newton")
    { }

    /// <summary>Performs one Gauss–Newton iteration. The closure returns the residuals and must not call <c>Backward</c>.</summary>
    /// <returns>The residuals at the starting point.</returns>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var residuals = EvaluateResiduals(closure);
        var (cost, jtj, jtr) = AutogradMatrices.NormalEquations(residuals, Params);
        DampedStep(jtj, jtr, cost, () => ResidualCostNoGrad(closure));
        return residuals;
    }
}
