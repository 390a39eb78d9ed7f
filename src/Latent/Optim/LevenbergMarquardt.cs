using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Levenberg–Marquardt for nonlinear least squares <c>E(x) = ½Σᵢ rᵢ(x)²</c>: solves <c>(JᵀJ + λD)·δ = −Jᵀr</c> and adapts
/// λ — multiplied by <c>lambda_down</c> after a step that lowers the cost, multiplied by
/// <c>lambda_up</c> and retried after one that does not.
/// </summary>
/// <remarks>
/// Small λ gives Gauss–Newton steps, large λ short gradient-descent steps. <c>D</c> is the identity, or
/// <c>diag(JᵀJ)</c> with <c>marquardt</c> = 1 (scale-invariant). The closure returns the residual tensor (any shape)
/// computed from the parameters, <b>without</b> calling <c>Backward</c>:
/// <code>
/// var opt = new LevenbergMarquardt([a, b]);
/// for (int i = 0; i &lt; 30; i++) opt.Step(() => a * (-b * t).Exp() - y);
/// </code>
/// Each step makes up to <c>max_tries</c> attempts; if none lowers the cost the parameters are left unchanged (and λ
/// has grown). Hyper-parameters: <c>lambda</c> (initial λ), <c>lambda_up</c>, <c>lambda_down</c>, <c>max_tries</c>,
/// <c>marquardt</c> (0/1). The current λ is part of the saved state.
/// </remarks>
public sealed class LevenbergMarquardt : ClosureOptimizer
{
    private const double MinLambda = 1e-15, MaxLambda = 1e15;
    private double? _lambda;
    private long _nIter;

    /// <summary>Creates Levenberg–Marquardt over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (a few hundred elements at most).</param>
    /// <param name="lambda">Initial damping λ.</param>
    /// <param name="lambdaUp">Factor applied to λ after a rejected step (&gt; 1).</param>
    /// <param name="lambdaDown">Factor applied to λ after an accepted step (in (0, 1)).</param>
    /// <param name="maxTries">Attempts per step before giving up.</param>
    /// <param name="marquardt">Scale the damping by <c>diag(JᵀJ)</c> instead of the identity.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public LevenbergMarquardt(IEnumerable<Tensor> parameters, double lambda = 1e-3, double lambdaUp = 10, double lambdaDown = 0.1,
        int maxTries = 10, bool marquardt = false)
        : base(SingleGroup(parameters), new Dictionary<string, double>
        {
            ["lambda"] = lambda, ["lambda_up"] = lambdaUp, ["lambda_down"] = lambdaDown, ["max_tries"] = maxTries,
            ["marquardt"] = marquardt ? 1 : 0,
        })
    { }

    /// <summary>The current damping λ (the initial one until the first step).</summary>
    public double Lambda => _lambda ?? Group["lambda"];

    /// <summary>Total iterations taken.</summary>
    public long Iterations => _nIter;

    /// <summary>Whether the last step lowered the cost.</summary>
    public bool LastStepAccepted { get; private set; }

    /// <inheritdoc />
    protected override void ValidateOptions(ParamGroup group)
    {
        Require(group["lambda"] >= 0, "lambda", group["lambda"], ">= 0");
        Require(group["lambda_up"] > 1, "lambda_up", group["lambda_up"], "> 1");
        Require(group["lambda_down"] > 0 && group["lambda_down"] < 1, "lambda_down", group["lambda_down"], "in (0, 1)");
        Require(group["max_tries"] >= 1, "max_tries", group["max_tries"], ">= 1");
    }

    /// <summary>Performs one iteration. The closure returns the residuals and must not call <c>Backward</c>.</summary>
    /// <returns>The residuals at the starting point.</returns>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var residuals = EvaluateResiduals(closure);
        var (cost, jtj, jtr) = AutogradMatrices.NormalEquations(residuals, Params);
        _nIter++;
        LastStepAccepted = false;
        if (jtr.All(v => v == 0)) return residuals;

        int n = jtr.Length;
        double[]? scale = null;
        if (Group.Flag("marquardt"))
        {
            scale = new double[n];
            for (int i = 0; i < n; i++) scale[i] = Math.Max(jtj[i, i], 1e-12);
        }
        var rhs = Array.ConvertAll(jtr, v => -v);
        var x = GatherParams();
        double lambda = Lambda;
        for (int attempt = 0; attempt < (int)Group["max_tries"]; attempt++)
        {
            var (delta, used) = DenseSolver.SolveDamped(jtj, rhs, lambda, scale);
            lambda = used;
            AddToParams(1, ToFloat(delta));
            if (ResidualCostNoGrad(closure) < cost)
            {
                LastStepAccepted = true;
                lambda = Math.Max(lambda * Group["lambda_down"], MinLambda);
                break;
            }
            ScatterParams(x);
            lambda = Math.Min(Math.Max(lambda, MinLambda) * Group["lambda_up"], MaxLambda);
        }
        _lambda = lambda;
        return residuals;
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state)
        => state.Json["levenberg_marquardt"] = new JsonObject { ["n_iter"] = _nIter, ["lambda"] = Lambda };

    /// <inheritdoc />
    protected override void LoadGlobalState(OptimizerState state)
    {
        var json = OptimizerState.Object(state.Json, "levenberg_marquardt");
        long nIter = OptimizerState.Integer(json, "n_iter");
        (_lambda, _nIter) = (OptimizerState.Number(json, "lambda"), nIter);
    }
}
