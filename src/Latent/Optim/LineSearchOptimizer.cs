using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Base class of the closure optimizers that run several line-search iterations per step (L-BFGS, nonlinear conjugate
/// gradient). A step evaluates the closure, stops at once when the largest gradient component is at most
/// <c>tolerance_grad</c>, and otherwise iterates within <c>max_iter</c> iterations and <c>max_eval</c> closure calls.
/// </summary>
public abstract class LineSearchOptimizer : ClosureOptimizer
{
    /// <summary>Creates the optimizer over one parameter group with the given hyper-parameters and line search.</summary>
    private protected LineSearchOptimizer(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double> defaults,
        LineSearchKind lineSearch)
        : base(SingleGroup(parameters), defaults) => LineSearch = lineSearch;

    /// <summary>The line search used for each iteration.</summary>
    public LineSearchKind LineSearch { get; }

    /// <summary>Total iterations over all steps.</summary>
    public long Iterations { get; private protected set; }

    /// <summary>Total closure calls over all steps.</summary>
    public long FunctionEvaluations { get; private protected set; }

    /// <summary>Closure calls made in the current step.</summary>
    private protected int StepEvaluations { get; private set; }

    /// <summary>The hyper-parameters every step reads when it starts.</summary>
    private protected readonly record struct StepLimits(double Lr, double ToleranceGrad, double ToleranceChange, int MaxIter, int MaxEval);

    /// <inheritdoc />
    protected sealed override void ValidateOptions(ParamGroup group)
    {
        Require(group.Lr > 0, "lr", group.Lr, "> 0");
        Require(group["max_iter"] >= 1, "max_iter", group["max_iter"], ">= 1");
        Require(group["max_eval"] >= 1, "max_eval", group["max_eval"], ">= 1");
        ValidateMethodOptions(group);
        Require(group["tolerance_grad"] >= 0, "tolerance_grad", group["tolerance_grad"], ">= 0");
        Require(group["tolerance_change"] >= 0, "tolerance_change", group["tolerance_change"], ">= 0");
    }

    /// <summary>Checks the hyper-parameters of the method itself (after the iteration limits, before the tolerances).</summary>
    private protected abstract void ValidateMethodOptions(ParamGroup group);

    /// <inheritdoc />
    public sealed override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var limits = new StepLimits(Group.Lr, Group["tolerance_grad"], Group["tolerance_change"], (int)Group["max_iter"],
            (int)Group["max_eval"]);
        StepEvaluations = 0;
        var (origLoss, loss, g) = EvaluateWithGrad(closure);
        CountEvaluations(1);
        if (FlatVector.MaxAbs(g) <= limits.ToleranceGrad) return origLoss;
        Iterate(closure, loss, g, limits);
        return origLoss;
    }

    /// <summary>
    /// Runs the iterations of one step from the loss <paramref name="loss"/> and flat gradient <paramref name="g"/> at the
    /// current parameters (not yet optimal); closure calls are counted with <see cref="CountEvaluations"/>.
    /// </summary>
    private protected abstract void Iterate(Func<Tensor> closure, double loss, float[] g, StepLimits limits);

    /// <summary>Adds <paramref name="evaluations"/> closure calls to the counts of this step and of all steps.</summary>
    private protected void CountEvaluations(int evaluations)
    {
        StepEvaluations += evaluations;
        FunctionEvaluations += evaluations;
    }

    /// <summary>
    /// Runs <see cref="LineSearch"/> along <paramref name="d"/> from the current parameters, starting at step
    /// <paramref name="t"/>; the parameters are left where they were. <paramref name="c2"/> and
    /// <paramref name="approximateWolfe"/> only apply to the strong Wolfe search.
    /// </summary>
    private protected LineSearchResult SearchAlong(Func<Tensor> closure, float[] d, double t, double f, float[] g, double gtd,
        double toleranceChange, double c2 = 0.9, double? approximateWolfe = null)
    {
        var x = GatherParams();
        Func<double, (double, float[])> phi = s => EvaluateAlong(closure, x, s, d);
        return LineSearch == LineSearchKind.StrongWolfe
            ? Optim.LineSearch.StrongWolfe(phi, d, t, f, g, gtd, c2: c2, toleranceChange: toleranceChange, approximateWolfe: approximateWolfe)
            : Optim.LineSearch.BacktrackingArmijo(phi, t, f, g, gtd);
    }
}
