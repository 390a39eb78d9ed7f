using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Limited-memory BFGS (Nocedal, 1980): a quasi-Newton method that needs only losses and gradients, with the two-loop
/// recursion over the last <c>history_size</c> curvature pairs; a port of PyTorch's <c>torch.optim.LBFGS</c>.
/// </summary>
/// <remarks>
/// Each <see cref="LineSearchOptimizer.Step(Func{Tensor})"/> runs up to <c>max_iter</c> iterations (at most <c>max_eval</c> closure calls)
/// and stops early when the largest gradient component is at most <c>tolerance_grad</c> or progress is below
/// <c>tolerance_change</c>. The closure zeroes the gradients, computes the loss, calls <c>Backward</c> and returns the loss:
/// <code>
/// var opt = new Lbfgs(parameters);
/// for (int i = 0; i &lt; 10; i++) opt.Step(() => { opt.ZeroGrad(); var loss = Loss(); loss.Backward(); return loss; });
/// </code>
/// Hyper-parameters: <c>lr</c>, <c>max_iter</c>, <c>max_eval</c>, <c>tolerance_grad</c>, <c>tolerance_change</c>,
/// <c>history_size</c>. The history and the last direction are saved as <c>global.*</c> tensors. Only one parameter
/// group is supported.
/// </remarks>
public sealed class Lbfgs : LineSearchOptimizer
{
    private readonly List<float[]> _oldDirs = [], _oldSteps = [];
    private readonly List<double> _rho = [];
    private float[]? _d, _prevFlatGrad;
    private double _t, _hDiag = 1, _prevLoss;

    /// <summary>Creates L-BFGS over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Step length (the initial trial step of the line search).</param>
    /// <param name="maxIter">Maximum iterations per step.</param>
    /// <param name="maxEval">Maximum closure calls per step; defaults to <c>1.25·maxIter</c>.</param>
    /// <param name="toleranceGrad">Stop when the largest gradient component is at most this.</param>
    /// <param name="toleranceChange">Stop when the step or the change of loss is below this.</param>
    /// <param name="historySize">Number of curvature pairs kept.</param>
    /// <param name="lineSearch">Line search; <see cref="LineSearchKind.None"/> takes fixed steps of <paramref name="lr"/>.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public Lbfgs(IEnumerable<Tensor> parameters, double lr = 1, int maxIter = 20, int? maxEval = null, double toleranceGrad = 1e-7,
        double toleranceChange = 1e-9, int historySize = 100, LineSearchKind lineSearch = LineSearchKind.StrongWolfe)
        : base(parameters, new Dictionary<string, double>
        {
            ["lr"] = lr, ["max_iter"] = maxIter, ["max_eval"] = maxEval ?? maxIter * 5 / 4, ["tolerance_grad"] = toleranceGrad,
            ["tolerance_change"] = toleranceChange, ["history_size"] = historySize,
        }, lineSearch)
    { }

    /// <inheritdoc />
    private protected override void ValidateMethodOptions(ParamGroup group)
        => Require(group["history_size"] >= 1, "history_size", group["history_size"], ">= 1");

    /// <inheritdoc />
    private protected override void Iterate(Func<Tensor> closure, double loss, float[] flatGrad, StepLimits limits)
    {
        var (lr, tolGrad, tolChange, maxIter, maxEval) = limits;
        int historySize = (int)Group["history_size"];

        for (int nIter = 1; nIter <= maxIter; nIter++)
        {
            Iterations++;
            if (Iterations == 1 || _d == null)
            {
                _d = FlatVector.Negate(flatGrad);
                _oldDirs.Clear(); _oldSteps.Clear(); _rho.Clear();
                _hDiag = 1;
            }
            else
            {
                UpdateHistory(flatGrad, historySize);
                _d = TwoLoop(flatGrad);
            }
            _prevFlatGrad = (float[])flatGrad.Clone();
            _prevLoss = loss;

            _t = Iterations == 1 ? Math.Min(1, 1 / FlatVector.SumAbs(flatGrad)) * lr : lr;
            double gtd = FlatVector.Dot(flatGrad, _d);
            if (gtd > -tolChange) break;

            int lsEvals;
            bool optimal;
            if (LineSearch == LineSearchKind.None)
            {
                AddToParams(_t, _d);
                lsEvals = 0;
                optimal = false;
                if (nIter != maxIter)
                {
                    (_, loss, flatGrad) = EvaluateWithGrad(closure);
                    optimal = FlatVector.MaxAbs(flatGrad) <= tolGrad;
                    lsEvals = 1;
                }
            }
            else
            {
                var r = SearchAlong(closure, _d, _t, loss, flatGrad, gtd, tolChange);
                (loss, flatGrad, _t, lsEvals) = (r.F, r.G, r.T, r.Evaluations);
                AddToParams(_t, _d);
                optimal = FlatVector.MaxAbs(flatGrad) <= tolGrad;
            }
            CountEvaluations(lsEvals);

            if (nIter == maxIter || StepEvaluations >= maxEval || optimal) break;
            if (FlatVector.MaxAbs(_d) * Math.Abs(_t) <= tolChange) break;
            if (Math.Abs(loss - _prevLoss) < tolChange) break;
        }
    }

    /// <summary>Adds the pair (s, y) from the last iteration when it has positive curvature.</summary>
    private void UpdateHistory(float[] flatGrad, int historySize)
    {
        var y = new float[flatGrad.Length];
        var s = new float[flatGrad.Length];
        float t = (float)_t;
        for (int i = 0; i < y.Length; i++) { y[i] = flatGrad[i] - _prevFlatGrad![i]; s[i] = _d![i] * t; }
        double ys = FlatVector.Dot(y, s);
        if (ys <= 1e-10) return;
        if (_oldDirs.Count == historySize) { _oldDirs.RemoveAt(0); _oldSteps.RemoveAt(0); _rho.RemoveAt(0); }
        _oldDirs.Add(y);
        _oldSteps.Add(s);
        _rho.Add(1 / ys);
        _hDiag = ys / FlatVector.Dot(y, y);
    }

    /// <summary>The two-loop recursion: the inverse-Hessian approximation applied to the negative gradient.</summary>
    private float[] TwoLoop(float[] flatGrad)
    {
        int count = _oldDirs.Count;
        var alpha = new double[count];
        var q = FlatVector.Negate(flatGrad);
        for (int i = count - 1; i >= 0; i--)
        {
            alpha[i] = FlatVector.Dot(_oldSteps[i], q) * _rho[i];
            FlatVector.AddScaled(q, -alpha[i], _oldDirs[i]);
        }
        float h = (float)_hDiag;
        for (int i = 0; i < q.Length; i++) q[i] *= h;
        for (int i = 0; i < count; i++)
        {
            double beta = FlatVector.Dot(_oldDirs[i], q) * _rho[i];
            FlatVector.AddScaled(q, alpha[i] - beta, _oldSteps[i]);
        }
        return q;
    }

    /// <inheritdoc />
    protected override void SaveGlobalState(OptimizerState state)
    {
        SaveVector(state, "d", _d);
        SaveVector(state, "prev_flat_grad", _prevFlatGrad);
        for (int i = 0; i < _oldDirs.Count; i++)
        {
            SaveVector(state, $"old_dirs.{i}", _oldDirs[i]);
            SaveVector(state, $"old_stps.{i}", _oldSteps[i]);
        }
        var rho = new JsonArray();
        foreach (var r in _rho) rho.Add(r);
        state.Json["lbfgs"] = new JsonObject
        {
            ["line_search"] = LineSearch.ToString(), ["n_iter"] = Iterations, ["func_evals"] = FunctionEvaluations, ["t"] = _t,
            ["h_diag"] = _hDiag, ["prev_loss"] = _prevLoss, ["ro"] = rho,
        };
    }

    /// <inheritdoc />
    protected override void LoadGlobalState(OptimizerState state)
    {
        var json = OptimizerState.Object(state.Json, "lbfgs");
        CheckLineSearch(json, LineSearch);
        var rhoJson = OptimizerState.Array(json, "ro");
        var rho = new List<double>();
        var dirs = new List<float[]>();
        var steps = new List<float[]>();
        for (int i = 0; i < rhoJson.Count; i++)
        {
            rho.Add(rhoJson[i]?.GetValue<double>() ?? throw new InvalidDataException($"{Name}: 'ro' entry {i} is null."));
            dirs.Add(LoadVector(state, $"old_dirs.{i}", required: true)!);
            steps.Add(LoadVector(state, $"old_stps.{i}", required: true)!);
        }
        var d = LoadVector(state, "d");
        var prev = LoadVector(state, "prev_flat_grad");
        long nIter = OptimizerState.Integer(json, "n_iter"), funcEvals = OptimizerState.Integer(json, "func_evals");
        double t = OptimizerState.Number(json, "t"), hDiag = OptimizerState.Number(json, "h_diag");
        double prevLoss = OptimizerState.Number(json, "prev_loss");

        (_d, _prevFlatGrad, Iterations, FunctionEvaluations, _t, _hDiag, _prevLoss) = (d, prev, nIter, funcEvals, t, hDiag, prevLoss);
        _oldDirs.Clear(); _oldDirs.AddRange(dirs);
        _oldSteps.Clear(); _oldSteps.AddRange(steps);
        _rho.Clear(); _rho.AddRange(rho);
    }
}
