using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Damped Newton's method for small parameter counts: the Hessian comes from autograd (one Hessian-vector product per
/// parameter element), the Newton system <c>(H + λI)·d = −g</c> is solved by Cholesky in double, and a halving line
/// search guards against overshooting.
/// </summary>
/// <remarks>
/// As in the lecture: the step follows the vertex of the local quadratic model; if the loss does not decrease the step
/// is halved (up to <c>max_halvings</c> times), and if that fails it switches to a gradient-descent step with the same
/// halving; if that fails too the parameters stay where they are (a local minimum to float precision). When
/// <c>H + λI</c> is not positive definite (a saddle or maximum) the damping is raised until it is, so the step always
/// goes downhill. Unlike the first-order closures, the closure must return the scalar loss <b>without</b> calling
/// <c>Backward</c>, since the optimizer differentiates it twice:
/// <code>
/// var opt = new Newton([w]);
/// for (int i = 0; i &lt; 10; i++) opt.Step(() => Loss(w));
/// </code>
/// Hyper-parameters: <c>lr</c> (first trial step, 1 = full Newton step), <c>damping</c> (λ), <c>max_halvings</c>.
/// Cost: n backward passes and an n×n matrix per step, for n parameter elements.
/// </remarks>
public sealed class Newton : ClosureOptimizer
{
    private long _nIter;

    /// <summary>Creates Newton's method over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (a few hundred elements at most).</param>
    /// <param name="lr">First trial step length; 1 takes the full Newton step.</param>
    /// <param name="damping">λ added to the Hessian's diagonal.</param>
    /// <param name="maxHalvings">How many times the line search halves the step before giving up on a direction.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public Newton(IEnumerable<Tensor> parameters, double lr = 1, double damping = 0, int maxHalvings = 20)
        : base(SingleGroup(parameters), new Dictionary<string, double>
        {
            ["lr"] = lr, ["damping"] = damping, ["max_halvings"] = maxHalvings,
        })
    { }

    /// <summary>Total Newton iterations taken.</summary>
    public long Iterations => _nIter;

    /// <summary>Whether the last step moved along the gradient because the Newton step did not reduce the loss.</summary>
    public bool LastStepFellBackToGradient { get; private set; }

    /// <inheritdoc />
    protected override void ValidateOptions(ParamGroup group)
    {
        Require(group.Lr > 0, "lr", group.Lr, "> 0");
        Require(group["damping"] >= 0, "damping", group["damping"], ">= 0");
        Require(group["max_halvings"] >= 0, "max_halvings", group["max_halvings"], ">= 0");
    }

    /// <summary>Performs one Newton iteration. The closure returns the scalar loss and must not call <c>Backward</c>.</summary>
    /// <returns>The loss at the starting point.</returns>
    /// <exception cref="InvalidOperationException">The closure did not return a scalar with an intact graph.</exception>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var (loss, f0) = EvaluateLoss(closure);
        if (!loss.RequiresGrad)
            throw new InvalidOperationException($"{Name}: the loss does not depend on the parameters (no autograd graph).");
        double[] g;
        double[,] h;
        try
        {
            (g, h) = AutogradMatrices.GradientAndHessian(loss, Params);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("released", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Name}: the loss graph was already released; the closure must return the loss without calling Backward().", e);
        }
        _nIter++;
        LastStepFellBackToGradient = false;
        if (g.All(v => v == 0)) return loss;

        var (d, _) = DenseSolver.SolveDamped(h, Array.ConvertAll(g, v => -v), Group["damping"]);
        var x = GatherParams();
        double lr = Group.Lr;
        int halvings = (int)Group["max_halvings"];
        Func<double> value = () => LossValueNoGrad(closure);
        if (!BacktrackHalving(value, x, ToFloat(d), f0, lr, halvings))
            LastStepFellBackToGradient = BacktrackHalving(value, x, ToFloat(Array.ConvertAll(g, v => -v)), f0, lr, halvings);
        return loss;
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state) => state.Json["newton"] = new JsonObject { ["n_iter"] = _nIter };

    /// <inheritdoc />
    protected override void LoadGlobalState(OptimizerState state)
        => _nIter = OptimizerState.Integer(OptimizerState.Object(state.Json, "newton"), "n_iter");
}
