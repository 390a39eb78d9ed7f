using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Base class of the damped Newton-type methods with a halving line search (<see cref="Newton"/>,
/// <see cref="GaussNewton"/>): each iteration solves <c>(M + λI)·d = −g</c> for a curvature matrix <c>M</c>, tries
/// <c>d</c> with steps <c>lr, lr/2, …</c> and falls back to the gradient direction <c>−g</c> the same way.
/// Hyper-parameters: <c>lr</c>, <c>damping</c> (λ), <c>max_halvings</c>.
/// </summary>
public abstract class DampedNewtonOptimizer : ClosureOptimizer
{
    private readonly string _stateKey;

    /// <summary>Creates the optimizer; its iteration count is saved under <paramref name="stateKey"/>.</summary>
    private protected DampedNewtonOptimizer(IEnumerable<Tensor> parameters, double lr, double damping, int maxHalvings, string stateKey)
        : base(SingleGroup(parameters), new Dictionary<string, double>
        {
            ["lr"] = lr, ["damping"] = damping, ["max_halvings"] = maxHalvings,
        })
        => _stateKey = stateKey;

    /// <summary>Total iterations taken.</summary>
    public long Iterations { get; private set; }

    /// <inheritdoc />
    protected sealed override void ValidateOptions(ParamGroup group)
    {
        Require(group.Lr > 0, "lr", group.Lr, "> 0");
        Require(group["damping"] >= 0, "damping", group["damping"], ">= 0");
        Require(group["max_halvings"] >= 0, "max_halvings", group["max_halvings"], ">= 0");
    }

    /// <summary>
    /// Counts an iteration and, unless <paramref name="gradient"/> is zero, moves along the damped Newton direction of
    /// <paramref name="curvature"/>, or else along <c>−gradient</c>, to the first halved step whose <paramref name="value"/>
    /// is not above <paramref name="f0"/>; the parameters stay put when neither direction gets there.
    /// </summary>
    /// <returns>Whether the parameters moved along the gradient because the Newton direction did not lower the value.</returns>
    private protected bool DampedStep(double[,] curvature, double[] gradient, double f0, Func<double> value)
    {
        Iterations++;
        if (gradient.All(v => v == 0)) return false;
        var (d, _) = DenseSolver.SolveDamped(curvature, Array.ConvertAll(gradient, v => -v), Group["damping"]);
        var x = GatherParams();
        double lr = Group.Lr;
        int halvings = (int)Group["max_halvings"];
        if (BacktrackHalving(value, x, ToFloat(d), f0, lr, halvings)) return false;
        return BacktrackHalving(value, x, ToFloat(Array.ConvertAll(gradient, v => -v)), f0, lr, halvings);
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state) => state.Json[_stateKey] = new JsonObject { ["n_iter"] = Iterations };

    /// <inheritdoc />
    protected override void LoadGlobalState(OptimizerState state)
        => Iterations = OptimizerState.Integer(OptimizerState.Object(state.Json, _stateKey), "n_iter");
}
