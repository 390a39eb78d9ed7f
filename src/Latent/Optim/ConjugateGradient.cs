using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Nonlinear conjugate gradient with the Polak–Ribière+ update (<c>β = max(0, gₖ₊₁ᵀ(gₖ₊₁ − gₖ)/gₖᵀgₖ)</c>), periodic
/// restarts and a line search.
/// </summary>
/// <remarks>
/// The direction restarts at steepest descent every <c>restart_interval</c> iterations (0 means the number of parameter
/// elements, the classical choice), whenever <c>β</c> is clipped to 0, whenever the new direction is not a sufficient
/// descent direction (<c>−gᵀd ≥ 10⁻³‖g‖‖d‖</c>), and after a line search that made no progress. The strong Wolfe search uses <c>c₂ = 0.1</c> (as recommended for CG) and also accepts Hager–Zhang's
/// approximate Wolfe points, so that it keeps converging where float round-off hides the decrease of the loss; the
/// first trial step of later iterations is <c>tₖ₋₁·gₖ₋₁ᵀdₖ₋₁/gₖᵀdₖ</c> (Nocedal &amp; Wright, §3.5), doubled for
/// backtracking, which can only shrink it. Each <see cref="Step(Func{Tensor})"/> runs
/// up to <c>max_iter</c> iterations; the closure zeroes the gradients, computes the loss, calls <c>Backward</c> and
/// returns the loss. Hyper-parameters: <c>lr</c> (first trial step), <c>max_iter</c>, <c>max_eval</c>,
/// <c>tolerance_grad</c>, <c>tolerance_change</c>, <c>restart_interval</c>. Only one parameter group is supported.
/// </remarks>
public sealed class ConjugateGradient : ClosureOptimizer
{
    private float[]? _d, _prevFlatGrad;
    private double _t, _prevGtd;
    private long _nIter, _funcEvals, _sinceRestart;

    /// <summary>Creates nonlinear CG over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Scale of the first trial step.</param>
    /// <param name="maxIter">Maximum iterations per step.</param>
    /// <param name="maxEval">Maximum closure calls per step; defaults to <c>10·maxIter</c>.</param>
    /// <param name="toleranceGrad">Stop when the largest gradient component is at most this.</param>
    /// <param name="toleranceChange">Stop when the step or the change of loss is below this.</param>
    /// <param name="restartInterval">Restart every this many iterations; 0 means the number of parameter elements.</param>
    /// <param name="lineSearch">Strong Wolfe (default) or backtracking Armijo.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range, or <paramref name="lineSearch"/> is <see cref="LineSearchKind.None"/>.</exception>
    public ConjugateGradient(IEnumerable<Tensor> parameters, double lr = 1, int maxIter = 20, int? maxEval = null,
        double toleranceGrad = 1e-7, double toleranceChange = 1e-9, int restartInterval = 0,
        LineSearchKind lineSearch = LineSearchKind.StrongWolfe)
        : base(SingleGroup(parameters), new Dictionary<string, double>
        {
            ["lr"] = lr, ["max_iter"] = maxIter, ["max_eval"] = maxEval ?? maxIter * 10, ["tolerance_grad"] = toleranceGrad,
            ["tolerance_change"] = toleranceChange, ["restart_interval"] = restartInterval,
        })
    {
        if (lineSearch == LineSearchKind.None)
            throw new ArgumentException("ConjugateGradient needs a line search: use StrongWolfe or BacktrackingArmijo.", nameof(lineSearch));
        LineSearch = lineSearch;
    }

    /// <summary>The line search used for each iteration.</summary>
    public LineSearchKind LineSearch { get; }

    /// <summary>Total iterations over all steps.</summary>
    public long Iterations => _nIter;

    /// <summary>Total closure calls over all steps.</summary>
    public long FunctionEvaluations => _funcEvals;

    /// <inheritdoc />
    protected override void ValidateOptions(ParamGroup group)
    {
        Require(group.Lr > 0, "lr", group.Lr, "> 0");
        Require(group["max_iter"] >= 1, "max_iter", group["max_iter"], ">= 1");
        Require(group["max_eval"] >= 1, "max_eval", group["max_eval"], ">= 1");
        Require(group["restart_interval"] >= 0, "restart_interval", group["restart_interval"], ">= 0");
        Require(group["tolerance_grad"] >= 0, "tolerance_grad", group["tolerance_grad"], ">= 0");
        Require(group["tolerance_change"] >= 0, "tolerance_change", group["tolerance_change"], ">= 0");
    }

    /// <inheritdoc />
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        double lr = Group.Lr, tolGrad = Group["tolerance_grad"], tolChange = Group["tolerance_change"];
        int maxIter = (int)Group["max_iter"], maxEval = (int)Group["max_eval"];
        long restartInterval = (long)Group["restart_interval"] is > 0 and var r ? r : NumElements;

        var (origLoss, loss, g) = EvaluateWithGrad(closure);
        int currentEvals = 1;
        _funcEvals++;
        if (FlatVector.MaxAbs(g) <= tolGrad) return origLoss;

        for (int nIter = 1; nIter <= maxIter; nIter++)
        {
            _nIter++;
            bool restart = _d == null || _prevFlatGrad == null || _sinceRestart >= restartInterval;
            if (!restart)
            {
                double beta = PolakRibierePlus(g, _prevFlatGrad!);
                restart = beta == 0;
                if (!restart)
                {
                    var d = FlatVector.Negate(g);
                    FlatVector.AddScaled(d, beta, _d!);
                    restart = !IsSufficientDescent(g, d);
                    _d = d;
                }
            }
            if (restart)
            {
                _d = FlatVector.Negate(g);
                _sinceRestart = 0;
            }
            _sinceRestart++;

            double gtd = FlatVector.Dot(g, _d!);
            if (gtd > -tolChange) break;
            double guess = _nIter == 1 ? Math.Min(1, 1 / FlatVector.SumAbs(g)) * lr : _t * _prevGtd / gtd;
            // Backtracking can only shrink the step, so let it start from twice the estimate.
            if (LineSearch == LineSearchKind.BacktrackingArmijo && _nIter > 1) guess *= 2;
            _t = double.IsFinite(guess) && guess > 0 ? guess : lr;
            _prevFlatGrad = g;
            _prevGtd = gtd;
            double prevLoss = loss;

            var x = GatherParams();
            var dir = _d!;
            Func<double, (double, float[])> phi = t => EvaluateAlong(closure, x, t, dir);
            var result = LineSearch == LineSearchKind.StrongWolfe
                ? Optim.LineSearch.StrongWolfe(phi, dir, _t, loss, g, gtd, c2: 0.1, toleranceChange: tolChange, approximateWolfe: 1e-6)
                : Optim.LineSearch.BacktrackingArmijo(phi, _t, loss, g, gtd);
            (loss, g, _t) = (result.F, result.G, result.T);
            AddToParams(_t, dir);
            currentEvals += result.Evaluations;
            _funcEvals += result.Evaluations;

            if (currentEvals >= maxEval || FlatVector.MaxAbs(g) <= tolGrad) break;
            if (FlatVector.MaxAbs(dir) * Math.Abs(_t) <= tolChange || Math.Abs(loss - prevLoss) < tolChange)
            {
                // No progress along a conjugate direction: retry from steepest descent before giving up.
                if (_sinceRestart == 1) break;
                _d = null;
            }
        }
        return origLoss;
    }

    /// <summary>The angle condition <c>−gᵀd ≥ 10⁻³·‖g‖·‖d‖</c> that keeps conjugate directions from turning orthogonal to the gradient.</summary>
    private static bool IsSufficientDescent(float[] g, float[] d)
        => -FlatVector.Dot(g, d) >= 1e-3 * Math.Sqrt(FlatVector.Dot(g, g) * FlatVector.Dot(d, d));

    private static double PolakRibierePlus(float[] g, float[] prev)
    {
        double num = 0, den = 0;
        for (int i = 0; i < g.Length; i++)
        {
            num += (double)g[i] * (g[i] - (double)prev[i]);
            den += (double)prev[i] * prev[i];
        }
        return den > 0 ? Math.Max(0, num / den) : 0;
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state)
    {
        SaveVector(state, "d", _d);
        SaveVector(state, "prev_flat_grad", _prevFlatGrad);
        state.Json["cg"] = new JsonObject
        {
            ["line_search"] = LineSearch.ToString(), ["n_iter"] = _nIter, ["func_evals"] = _funcEvals,
            ["since_restart"] = _sinceRestart, ["t"] = _t, ["prev_gtd"] = _prevGtd,
        };
    }

    /// <inheritdoc />
    protected override void LoadGlobalState(OptimizerState state)
    {
        var json = OptimizerState.Object(state.Json, "cg");
        CheckLineSearch(json, LineSearch);
        var d = LoadVector(state, "d");
        var prev = LoadVector(state, "prev_flat_grad");
        long nIter = OptimizerState.Integer(json, "n_iter"), funcEvals = OptimizerState.Integer(json, "func_evals");
        long sinceRestart = OptimizerState.Integer(json, "since_restart");
        double t = OptimizerState.Number(json, "t"), prevGtd = OptimizerState.Number(json, "prev_gtd");
        (_d, _prevFlatGrad, _nIter, _funcEvals, _sinceRestart, _t, _prevGtd) = (d, prev, nIter, funcEvals, sinceRestart, t, prevGtd);
    }
}
