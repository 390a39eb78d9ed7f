using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Nonlinear conjugate gradient with the Polak–Ribière update truncated from below as in Hager &amp; Zhang's CG_DESCENT:
/// <c>β = max(gₖ₊₁ᵀ(gₖ₊₁ − gₖ)/gₖᵀgₖ, −1/(‖dₖ‖·min(0.01, ‖gₖ‖)))</c>, with restarts, a line search and a
/// parallel-tangent fallback.
/// </summary>
/// <remarks>
/// <para>
/// Unlike PR+ (<c>β ≥ 0</c>), the truncation lets <c>β</c> go negative near a minimum, where the bound
/// <c>−1/(‖dₖ‖‖gₖ‖)</c> is far below any Polak–Ribière value: there, a line search that float32 cannot make exact
/// leaves a gradient with a component along the last direction, and a negative <c>β</c> is what cancels it and turns
/// the next direction along a narrow valley. The direction restarts at steepest descent every <c>restart_interval</c>
/// iterations (0 means the number of parameter elements, the classical choice), whenever <c>β</c> is 0, whenever the new
/// direction is not a sufficient descent direction (<c>−gᵀd ≥ 10⁻³‖g‖‖d‖</c>, which with a Wolfe line search keeps
/// the method globally convergent by Zoutendijk's theorem), and after a line search that made no progress.
/// </para>
/// <para>
/// When steepest descent makes no progress either, the method searches along <c>xₖ − xₖ₋ⱼ</c> for
/// <c>j = 2, …, 9</c> (the parallel-tangents acceleration step of Shah, Buehler &amp; Kempthorne, which spans the
/// conjugate directions on a quadratic) before giving up. This is what reaches the optimum of ill-conditioned valleys in
/// float32: close to Rosenbrock's minimum the line minimizer across the valley is less than one ulp away from the
/// iterate, so gradient steps cannot move, while the displacement of the last iterates still points along the valley.
/// </para>
/// <para>
/// The strong Wolfe search uses <c>c₂ = 0.1</c> (as recommended for CG) and also accepts Hager–Zhang's approximate
/// Wolfe points, so that it keeps converging where float round-off hides the decrease of the loss; the first trial step
/// of later iterations is <c>tₖ₋₁·gₖ₋₁ᵀdₖ₋₁/gₖᵀdₖ</c> (Nocedal &amp; Wright, §3.5), doubled for backtracking, which
/// can only shrink it. Each <see cref="LineSearchOptimizer.Step(Func{Tensor})"/> runs up to <c>max_iter</c> iterations; the closure zeroes
/// the gradients, computes the loss, calls <c>Backward</c> and returns the loss. Hyper-parameters: <c>lr</c> (first
/// trial step), <c>max_iter</c>, <c>max_eval</c>, <c>tolerance_grad</c>, <c>tolerance_change</c>,
/// <c>restart_interval</c>. The state keeps the last direction and gradient and the last 10 distinct iterates (saved as
/// <c>global.*</c> tensors). Only one parameter group is supported.
/// </para>
/// </remarks>
public sealed class ConjugateGradient : LineSearchOptimizer
{
    /// <summary>The η of Hager–Zhang's lower bound on β.</summary>
    private const double TruncationEta = 0.01;

    /// <summary>How many recent iterates (the current one included) the parallel-tangent fallback keeps.</summary>
    private const int IterateHistory = 10;

    /// <summary>The curvature constant <c>c₂</c> of the strong Wolfe search (0.1, as recommended for CG).</summary>
    private const double WolfeC2 = 0.1;

    /// <summary>The tolerance of Hager–Zhang's approximate Wolfe test.</summary>
    private const double ApproximateWolfe = 1e-6;

    private readonly List<float[]> _iterates = [];
    private float[]? _d, _prevFlatGrad;
    private double _t, _prevGtd;
    private long _sinceRestart;

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
        : base(parameters, new Dictionary<string, double>
        {
            ["lr"] = lr, ["max_iter"] = maxIter, ["max_eval"] = maxEval ?? maxIter * 10, ["tolerance_grad"] = toleranceGrad,
            ["tolerance_change"] = toleranceChange, ["restart_interval"] = restartInterval,
        }, lineSearch)
    {
        if (lineSearch == LineSearchKind.None)
            throw new ArgumentException("ConjugateGradient needs a line search: use StrongWolfe or BacktrackingArmijo.", nameof(lineSearch));
    }

    /// <inheritdoc />
    private protected override void ValidateMethodOptions(ParamGroup group)
        => Require(group["restart_interval"] >= 0, "restart_interval", group["restart_interval"], ">= 0");

    /// <inheritdoc />
    private protected override void Iterate(Func<Tensor> closure, double loss, float[] g, StepLimits limits)
    {
        var (lr, tolGrad, tolChange, maxIter, maxEval) = limits;
        long restartInterval = (long)Group["restart_interval"] is > 0 and var r ? r : NumElements;
        RememberIterate(GatherParams());

        for (int nIter = 1; nIter <= maxIter; nIter++)
        {
            Iterations++;
            bool restart = _d == null || _prevFlatGrad == null || _sinceRestart >= restartInterval;
            if (!restart)
            {
                double beta = TruncatedPolakRibiere(g, _prevFlatGrad!, _d!);
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
            double guess = Iterations == 1 ? Math.Min(1, 1 / FlatVector.SumAbs(g)) * lr : _t * _prevGtd / gtd;
            // Backtracking can only shrink the step, so let it start from twice the estimate.
            if (LineSearch == LineSearchKind.BacktrackingArmijo && Iterations > 1) guess *= 2;
            _t = double.IsFinite(guess) && guess > 0 ? guess : lr;
            _prevFlatGrad = g;
            _prevGtd = gtd;
            double prevLoss = loss;

            var dir = _d!;
            var result = SearchAlong(closure, dir, _t, loss, g, gtd, tolChange, WolfeC2, ApproximateWolfe);
            (loss, g, _t) = (result.F, result.G, result.T);
            AddToParams(_t, dir);
            CountEvaluations(result.Evaluations);

            if (_t != 0) RememberIterate(GatherParams());
            if (StepEvaluations >= maxEval || FlatVector.MaxAbs(g) <= tolGrad) break;
            if (FlatVector.MaxAbs(dir) * Math.Abs(_t) <= tolChange || Math.Abs(loss - prevLoss) < tolChange)
            {
                // No progress along a conjugate direction: retry from steepest descent, then along the parallel
                // tangents, before giving up.
                if (_sinceRestart == 1)
                {
                    bool moved = TryParallelTangents(closure, ref loss, ref g, maxEval - StepEvaluations, tolChange);
                    if (!moved || StepEvaluations >= maxEval || FlatVector.MaxAbs(g) <= tolGrad) break;
                }
                _d = null;
            }
        }
    }

    /// <summary>Appends the parameters to the recent iterates (dropping the oldest beyond <see cref="IterateHistory"/>).</summary>
    private void RememberIterate(float[] x)
    {
        if (_iterates.Count > 0 && _iterates[^1].AsSpan().SequenceEqual(x)) return;
        if (_iterates.Count == IterateHistory) _iterates.RemoveAt(0);
        _iterates.Add(x);
    }

    /// <summary>
    /// The fallback when neither the conjugate direction nor steepest descent makes progress: line searches along
    /// <c>xₖ − xₖ₋ⱼ</c> for <c>j = 2, 3, …</c> (Shah, Buehler &amp; Kempthorne's parallel tangents, the acceleration step
    /// that makes gradient steps span the conjugate directions on a quadratic) until one lowers the loss. In a narrow
    /// valley, float32 cannot place the parameters on the line minimizer across the valley (it is less than one ulp
    /// away), so every new gradient is dominated by the stiff component and the recurrence loses the direction along
    /// the valley; the displacement over the last iterations still points along it.
    /// </summary>
    /// <returns>Whether the parameters moved; the closure calls are counted with <see cref="LineSearchOptimizer.CountEvaluations"/>.</returns>
    private bool TryParallelTangents(Func<Tensor> closure, ref double loss, ref float[] g, int evalBudget,
        double tolChange)
    {
        var x = GatherParams();
        RememberIterate(x);
        int evals = 0;
        for (int j = 2; j < _iterates.Count && evals < evalBudget; j++)
        {
            var older = _iterates[^(j + 1)];
            var p = new float[x.Length];
            for (int i = 0; i < p.Length; i++) p[i] = x[i] - older[i];
            double gtp = FlatVector.Dot(g, p);
            if (gtp > 0)
            {
                for (int i = 0; i < p.Length; i++) p[i] = -p[i];
                gtp = -gtp;
            }
            if (gtp > -tolChange) continue;
            // Backtracking can only shrink the step, so it starts from twice the whole displacement.
            double t0 = LineSearch == LineSearchKind.StrongWolfe ? 1 : 2;
            var result = SearchAlong(closure, p, t0, loss, g, gtp, tolChange, WolfeC2, ApproximateWolfe);
            evals += result.Evaluations;
            CountEvaluations(result.Evaluations);
            if (result.T == 0 || !(result.F < loss)) continue;
            AddToParams(result.T, p);
            (loss, g) = (result.F, result.G);
            RememberIterate(GatherParams());
            return true;
        }
        return false;
    }

    /// <summary>The angle condition <c>−gᵀd ≥ 10⁻³·‖g‖·‖d‖</c> that keeps conjugate directions from turning orthogonal to the gradient.</summary>
    private static bool IsSufficientDescent(float[] g, float[] d)
        => -FlatVector.Dot(g, d) >= 1e-3 * Math.Sqrt(FlatVector.Dot(g, g) * FlatVector.Dot(d, d));

    /// <summary>Polak–Ribière's <c>β</c>, bounded below by Hager–Zhang's <c>−1/(‖d‖·min(η, ‖gₖ‖))</c>; 0 when <c>gₖ = 0</c>.</summary>
    private static double TruncatedPolakRibiere(float[] g, float[] prev, float[] d)
    {
        double num = 0, den = 0;
        for (int i = 0; i < g.Length; i++)
        {
            num += (double)g[i] * (g[i] - (double)prev[i]);
            den += (double)prev[i] * prev[i];
        }
        if (den <= 0) return 0;
        double lower = -1 / (Math.Sqrt(FlatVector.Dot(d, d)) * Math.Min(TruncationEta, Math.Sqrt(den)));
        return Math.Max(lower, num / den);
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state)
    {
        SaveVector(state, "d", _d);
        SaveVector(state, "prev_flat_grad", _prevFlatGrad);
        for (int i = 0; i < _iterates.Count; i++) SaveVector(state, $"iterates.{i}", _iterates[i]);
        state.Json["cg"] = new JsonObject
        {
            ["line_search"] = LineSearch.ToString(), ["n_iter"] = Iterations, ["func_evals"] = FunctionEvaluations,
            ["since_restart"] = _sinceRestart, ["t"] = _t, ["prev_gtd"] = _prevGtd, ["iterates"] = _iterates.Count,
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
        // State saved before the parallel-tangent fallback existed has no iterates: the history then starts afresh.
        long count = json.ContainsKey("iterates") ? OptimizerState.Integer(json, "iterates") : 0;
        if (count is < 0 or > IterateHistory)
            throw new InvalidDataException($"{Name}: 'iterates' is {count}, expected 0 to {IterateHistory}.");
        var iterates = new List<float[]>();
        for (int i = 0; i < count; i++) iterates.Add(LoadVector(state, $"iterates.{i}", required: true)!);
        (_d, _prevFlatGrad, Iterations, FunctionEvaluations, _sinceRestart, _t, _prevGtd) = (d, prev, nIter, funcEvals, sinceRestart, t, prevGtd);
        _iterates.Clear();
        _iterates.AddRange(iterates);
    }
}
