using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Base class of the optimizers that re-evaluate the objective within one step (L-BFGS, conjugate gradient, Newton,
/// Gauss–Newton, Levenberg–Marquardt). They treat all parameters of their single group as one flat vector and must be
/// stepped with <see cref="Optimizer.Step(Func{Tensor})"/>.
/// </summary>
public abstract class ClosureOptimizer : Optimizer
{
    /// <summary>Creates the optimizer; exactly one parameter group is allowed.</summary>
    private protected ClosureOptimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
        : base(groups, defaults) { }

    /// <summary>The parameters, all in the single group.</summary>
    protected IReadOnlyList<Tensor> Params => ParamGroups[0].Parameters;

    /// <summary>The single parameter group.</summary>
    protected ParamGroup Group => ParamGroups[0];

    /// <summary>The total number of parameter elements.</summary>
    protected int NumElements => Params.Sum(p => p.Size);

    /// <inheritdoc />
    protected sealed override void ValidateGroup(ParamGroup group)
    {
        if (ParamGroups.Count > 0)
            throw new ArgumentException($"{Name} supports only one parameter group: it optimizes all parameters as one vector.");
        ValidateOptions(group);
    }

    /// <summary>Checks the hyper-parameters of the group; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    protected abstract void ValidateOptions(ParamGroup group);

    /// <summary>Not available: this optimizer re-evaluates the objective, so it needs a closure.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public sealed override void Step()
        => throw new InvalidOperationException($"{Name} re-evaluates the objective during a step: call Step(closure) instead of Step().");

    /// <summary>Performs one step, calling <paramref name="closure"/> as often as the method needs; returns the first value it returned.</summary>
    public abstract override Tensor Step(Func<Tensor> closure);

    /// <summary>The parameters as one flat vector.</summary>
    private protected float[] GatherParams()
    {
        var flat = new float[NumElements];
        int offset = 0;
        foreach (var p in Params) { p.Data.CopyTo(flat.AsSpan(offset)); offset += p.Size; }
        return flat;
    }

    /// <summary>Writes a flat vector back into the parameters.</summary>
    private protected void ScatterParams(float[] flat)
    {
        int offset = 0;
        foreach (var p in Params) { flat.AsSpan(offset, p.Size).CopyTo(p.Data); offset += p.Size; }
    }

    /// <summary>Moves the parameters by <c>t·d</c> (in float, the same rounding every time).</summary>
    private protected void AddToParams(double t, float[] d)
    {
        float step = (float)t;
        int offset = 0;
        foreach (var p in Params)
        {
            var data = p.Data;
            for (int i = 0; i < data.Length; i++) data[i] += step * d[offset + i];
            offset += p.Size;
        }
    }

    /// <summary>The gradients as one flat vector (zeros for parameters without a gradient).</summary>
    private protected float[] GatherGrad()
    {
        var flat = new float[NumElements];
        int offset = 0;
        foreach (var p in Params)
        {
            if (p.Grad is { } g)
            {
                if (g.Size != p.Size)
                    throw new InvalidOperationException($"{Name}: gradient of shape [{string.Join(", ", g.Shape)}] for parameter {ParamGroup.Describe(p)}.");
                g.Data.CopyTo(flat.AsSpan(offset));
            }
            offset += p.Size;
        }
        return flat;
    }

    /// <summary>Calls the closure with gradients enabled and returns its scalar value.</summary>
    /// <exception cref="InvalidOperationException">The closure returned a tensor with more than one element.</exception>
    private protected (Tensor Loss, double Value) EvaluateLoss(Func<Tensor> closure)
    {
        Tensor loss;
        using (Autograd.EnableGrad()) loss = closure();
        if (loss is null || loss.Size != 1)
            throw new InvalidOperationException(
                $"{Name}: the closure must return the scalar loss, got {(loss is null ? "null" : $"shape [{string.Join(", ", loss.Shape)}]")}.");
        return (loss, loss.Item());
    }

    /// <summary>Calls a closure that runs <c>Backward</c> and returns the loss value and flat gradient.</summary>
    private protected (Tensor Loss, double Value, float[] Grad) EvaluateWithGrad(Func<Tensor> closure)
    {
        var (loss, value) = EvaluateLoss(closure);
        return (loss, value, GatherGrad());
    }

    /// <summary>The loss and gradient at <c>x + t·d</c>; the parameters are put back to <paramref name="x"/> afterwards.</summary>
    private protected (double F, float[] G) EvaluateAlong(Func<Tensor> closure, float[] x, double t, float[] d)
    {
        AddToParams(t, d);
        var (_, f, g) = EvaluateWithGrad(closure);
        ScatterParams(x);
        return (f, g);
    }

    /// <summary>Stores a flat vector under <c>global.{name}</c> (nothing when it is null).</summary>
    private protected static void SaveVector(OptimizerState state, string name, float[]? vector)
    {
        if (vector != null) state.Tensors["global." + name] = Tensor.FromArray(vector);
    }

    /// <summary>Reads a flat vector saved by <see cref="SaveVector"/>, or null when absent and not <paramref name="required"/>.</summary>
    /// <exception cref="InvalidDataException">The vector is missing but required, or its length is not the parameter count.</exception>
    private protected float[]? LoadVector(OptimizerState state, string name, bool required = false)
    {
        if (!state.Tensors.TryGetValue("global." + name, out var t))
            return required ? throw new InvalidDataException($"{Name}: missing state tensor 'global.{name}'.") : null;
        if (t.Size != NumElements)
            throw new InvalidDataException($"{Name}: state tensor 'global.{name}' has {t.Size} elements, the parameters have {NumElements}.");
        return t.ToArray();
    }

    /// <summary>Checks that saved state used the same line search as this optimizer.</summary>
    private protected void CheckLineSearch(System.Text.Json.Nodes.JsonObject json, LineSearchKind expected)
    {
        var saved = json["line_search"]?.GetValue<string>();
        if (saved != expected.ToString())
            throw new InvalidDataException($"{Name}: saved state used line search '{saved ?? "(none)"}', this optimizer uses '{expected}'.");
    }

    /// <summary>Calls the closure without recording a graph (trial points of a line search).</summary>
    private protected static Tensor EvaluateNoGrad(Func<Tensor> closure)
    {
        using (Autograd.NoGrad()) return closure();
    }

    /// <summary>The loss value at the current parameters, without recording a graph.</summary>
    private protected double LossValueNoGrad(Func<Tensor> closure)
    {
        var loss = EvaluateNoGrad(closure);
        return loss is { Size: 1 } ? loss.Item()
            : throw new InvalidOperationException($"{Name}: the closure must return the scalar loss.");
    }

    /// <summary>Half the squared norm of the residuals at the current parameters, without recording a graph.</summary>
    private protected static double ResidualCostNoGrad(Func<Tensor> closure)
    {
        double cost = 0;
        foreach (var r in EvaluateNoGrad(closure).Data) cost += 0.5 * (double)r * r;
        return cost;
    }

    /// <summary>Calls a closure that returns residuals (any shape) with gradients enabled.</summary>
    /// <exception cref="InvalidOperationException">The residuals are empty or do not depend on the parameters.</exception>
    private protected Tensor EvaluateResiduals(Func<Tensor> closure)
    {
        Tensor r;
        using (Autograd.EnableGrad()) r = closure();
        if (r is null || r.Size == 0)
            throw new InvalidOperationException($"{Name}: the closure must return a non-empty residual tensor.");
        if (!r.RequiresGrad)
            throw new InvalidOperationException($"{Name}: the residuals do not depend on the parameters (no autograd graph); " +
                "the closure must compute them from the parameters and must not call Backward.");
        return r;
    }

    /// <summary>
    /// Tries <c>x + t·d</c> for <c>t = lr, lr/2, lr/4, …</c> (at most <paramref name="maxHalvings"/> + 1 trials) and keeps
    /// the first point whose value is not above <paramref name="f0"/> (equal values are accepted: near a minimum float32
    /// cannot resolve the decrease of a good step); restores <paramref name="x"/> and returns false otherwise.
    /// </summary>
    private protected bool BacktrackHalving(Func<double> value, float[] x, float[] d, double f0, double lr, int maxHalvings)
    {
        double t = lr;
        for (int k = 0; k <= maxHalvings; k++, t *= 0.5)
        {
            AddToParams(t, d);
            double f = value();
            if (f <= f0) return true;
            ScatterParams(x);
        }
        return false;
    }

    /// <summary>A double vector rounded to float.</summary>
    private protected static float[] ToFloat(double[] v) => Array.ConvertAll(v, x => (float)x);
}
