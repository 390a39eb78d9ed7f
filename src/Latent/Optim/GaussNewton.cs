using System.Text.Json.Nodes;
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
public sealed class GaussNewton : ClosureOptimizer
{
    private long _nIter;

    /// <summary>Creates Gauss–Newton over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (a few hundred elements at most).</param>
    /// <param name="lr">First trial step length; 1 takes the full Gauss–Newton step.</param>
    /// <param name="damping">λ added to the diagonal of <c>JᵀJ</c>.</param>
    /// <param name="maxHalvings">How many times the line search halves the step before giving up on a direction.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public GaussNewton(IEnumerable<Tensor> parameters, double lr = 1, double damping = 0, int maxHalvings = 20)
        : base(SingleGroup(parameters), new Dictionary<string, double>
        {
            ["lr"] = lr, ["damping"] = damping, ["max_halvings"] = maxHalvings,
        })
    { }

    /// <summary>Total iterations taken.</summary>
    public long Iterations => _nIter;

    /// <inheritdoc />
    protected override void ValidateOptions(ParamGroup group)
    {
        Require(group.Lr > 0, "lr", group.Lr, "> 0");
        Require(group["damping"] >= 0, "damping", group["damping"], ">= 0");
        Require(group["max_halvings"] >= 0, "max_halvings", group["max_halvings"], ">= 0");
    }

    /// <summary>Performs one Gauss–Newton iteration. The closure returns the residuals and must not call <c>Backward</c>.</summary>
    /// <returns>The residuals at the starting point.</returns>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var residuals = EvaluateResiduals(closure);
        var (cost, jtj, jtr) = AutogradMatrices.NormalEquations(residuals, Params);
        _nIter++;
        if (jtr.All(v => v == 0)) return residuals;
        var (delta, _) = DenseSolver.SolveDamped(jtj, Array.ConvertAll(jtr, v => -v), Group["damping"]);
        var x = GatherParams();
        double lr = Group.Lr;
        int halvings = (int)Group["max_halvings"];
        Func<double> value = () => ResidualCostNoGrad(closure);
        if (!BacktrackHalving(value, x, ToFloat(delta), cost, lr, halvings))
            BacktrackHalving(value, x, ToFloat(Array.ConvertAll(jtr, v => -v)), cost, lr, halvings);
        return residuals;
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state) => state.Json["gauss_newton"] = new JsonObject { ["n_iter"] = _nIter };

    /// <inheritdoc />
    protected override void LoadGlobalState(OptimizerState state)
        => _nIter = OptimizerState.Integer(OptimizerState.Object(state.Json, "gauss_newton"), "n_iter");
}
