using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum over <paramref name="axes"/> (all axes when none are given).</summary>
    public Tensor Sum(int[]? axes = null, bool keepDim = false)
    {
        var ax = ShapeUtil.NormalizeAxes(axes, Rank, "Sum");
        var keepShape = ShapeUtil.KeepDimShape(Shape, ax);
        var y = new Tensor(SumData(ax), keepShape);
        if (!keepDim) y = new Tensor(y.Storage, ShapeUtil.ReducedShape(Shape, ax, false));
        return Record(y, "Sum", this, g => g.Reshape(keepShape).Expand(Shape));
    }

    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>Mean over <paramref name="axes"/> (all axes when none are given).</summary>
    public Tensor Mean(int[]? axes = null, bool keepDim = false)
    {
        var ax = ShapeUtil.NormalizeAxes(axes, Rank, "Mean");
        int count = ReducedCount(ax);
        return Sum(ax, keepDim).MulScalar(1f / count);
    }

    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>
    /// Variance over <paramref name="axes"/> with Bessel's correction by default (<paramref name="correction"/> = 1).
    /// Convention: when the reduced count is at most <paramref name="correction"/> (a size-1 axis with Bessel's
    /// correction) the divisor is 1, so the variance of a single value is 0 with gradient 0; PyTorch returns NaN
    /// there, which would poison every parameter upstream (a minibatch-statistics layer on a batch of one).
    /// </summary>
    public Tensor Var(int[]? axes = null, bool keepDim = false, int correction = 1)
    {
        var ax = ShapeUtil.NormalizeAxes(axes, Rank, "Var");
        int count = ReducedCount(ax);
        var centered = Sub(Mean(ax, keepDim: true));
        return centered.Square().Sum(ax, keepDim).MulScalar(1f / Math.Max(count - correction, 1));
    }

    /// <summary>
    /// Standard deviation, the square root of <see cref="Var"/>. Where the variance is 0 (a constant slice) the
    /// gradient is 0, like PyTorch's, instead of the 0·∞ = NaN of a plain square root.
    /// </summary>
    public Tensor Std(int[]? axes = null, bool keepDim = false, int correction = 1) => Var(axes, keepDim, correction).RootOfNonNegative(2f);

    /// <summary>
    /// Maximum over <paramref name="axes"/>. Convention: tied maxima share the gradient equally, like PyTorch's
    /// <c>amax</c> and full <c>max()</c> (PyTorch's <c>max(dim)</c> sends it all to the index it returns; use
    /// <see cref="MaxWithIndices"/> for that).
    /// </summary>
    public Tensor Max(int[]? axes = null, bool keepDim = false) => Extremum(axes, keepDim, max: true);

    /// <summary>Minimum over <paramref name="axes"/>; tied minima share the gradient equally (like <c>amin</c>).</summary>
    public Tensor Min(int[]? axes = null, bool keepDim = false) => Extremum(axes, keepDim, max: false);

    /// <summary>Maximum over one axis.</summary>
    public Tensor Max(int axis, bool keepDim = false) => Max([axis], keepDim);

    /// <summary>Minimum over one axis.</summary>
    public Tensor Min(int axis, bool keepDim = false) => Min([axis], keepDim);

    /// <summary>
    /// Maximum along one axis and the index of the first maximum (as an index tensor of integer values, the type
    /// <see cref="Gather"/> takes), like PyTorch's <c>max(dim)</c>: the gradient goes to that index alone.
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range or empty.</exception>
    public (Tensor Values, Tensor Indices) MaxWithIndices(int axis, bool keepDim = false) => ExtremumWithIndices(axis, keepDim, max: true);

    /// <summary>Minimum along one axis and the index of the first minimum; the gradient goes to that index alone.</summary>
    /// <exception cref="ArgumentException">The axis is out of range or empty.</exception>
    public (Tensor Values, Tensor Indices) MinWithIndices(int axis, bool keepDim = false) => ExtremumWithIndices(axis, keepDim, max: false);

    private (Tensor Values, Tensor Indices) ExtremumWithIndices(int axis, bool keepDim, bool max)
    {
        string name = max ? "MaxWithIndices" : "MinWithIndices";
        int a = ShapeUtil.NormalizeAxis(axis, Rank, name);
        if (Shape[a] == 0) throw new ArgumentException($"{name}: cannot reduce over empty axis {a} of {ShapeUtil.Format(Shape)}.");
        var indices = ArgExtremum(a, keepDim: true, max);
        var values = Gather(a, indices);
        if (keepDim) return (values, indices);
        var reduced = ShapeUtil.ReducedShape(Shape, [a], false);
        return (values.Reshape(reduced), indices.Reshape(reduced));
    }

    /// <summary>Index of the first maximum along <paramref name="axis"/>, as floats.</summary>
    public Tensor Argmax(int axis = -1, bool keepDim = false) => ArgExtremum(axis, keepDim, max: true);

    /// <summary>Index of the first minimum along <paramref name="axis"/>, as floats.</summary>
    public Tensor Argmin(int axis = -1, bool keepDim = false) => ArgExtremum(axis, keepDim, max: false);

    /// <summary>
    /// log Σ exp(x) over <paramref name="axes"/>, computed without overflow. −∞ entries contribute nothing (gradient 0);
    /// a slice of only −∞ gives −∞ (and NaN gradients), and a +∞ entry gives +∞ with a NaN gradient at that entry,
    /// all as in PyTorch.
    /// </summary>
    public Tensor LogSumExp(int[]? axes = null, bool keepDim = false)
    {
        var ax = ShapeUtil.NormalizeAxes(axes, Rank, "LogSumExp");
        Tensor shift;
        using (Autograd.NoGrad())
        {
            var m = Max(ax, keepDim: true);
            shift = Where(m.IsFinite(), m, ZerosLike(m)); // all −∞ gives −∞, not NaN
        }
        var result = Sub(shift).Exp().Sum(ax, keepDim: true).Log().Add(shift);
        return keepDim ? result : result.Reshape(ShapeUtil.ReducedShape(Shape, ax, false));
    }

    /// <summary>log Σ exp(x) over one axis.</summary>
    public Tensor LogSumExp(int axis, bool keepDim = false) => LogSumExp([axis], keepDim);

    /// <summary>
    /// The p-norm (Σ|x|ᵖ)^(1/p) over <paramref name="axes"/>; p = 2 by default, p = ∞ gives max |x| (ties share the
    /// gradient). At a zero vector the gradient is 0 (the subgradient PyTorch returns), not NaN, so a gradient
    /// penalty through a critic whose units are all off stays finite.
    /// </summary>
    /// <exception cref="ArgumentException">p is not positive (or is NaN).</exception>
    public Tensor Norm(float p = 2f, int[]? axes = null, bool keepDim = false)
    {
        if (!(p > 0)) throw new ArgumentException($"Norm: p must be positive, got {p}.");
        if (p == 1) return Abs().Sum(axes, keepDim);
        if (float.IsPositiveInfinity(p)) return Abs().Max(axes, keepDim);
        var powered = p == 2 ? Square() : AbsPow(p);
        return powered.Sum(axes, keepDim).RootOfNonNegative(p);
    }

    /// <summary>
    /// |x|ᵖ with gradient p·|x|ᵖ⁻¹·sign(x), taken as 0 at x = 0 for every p (below p = 1 the slope there is infinite,
    /// and PyTorch's norm masks it to 0 too; a plain Abs().Pow(p) would give ∞·0 = NaN).
    /// </summary>
    internal Tensor AbsPow(float p)
    {
        var y = Map(this, (x, o) =>
        {
            System.Numerics.Tensors.TensorPrimitives.Abs(x, o);
            System.Numerics.Tensors.TensorPrimitives.Pow(o, p, o);
        });
        return Record(y, "AbsPow", this, g =>
        {
            var zero = Eq(0f); // NaN is not 0, so a NaN input still gives a NaN gradient
            var safe = Where(zero, OnesLike(this), this); // no 0 (or its infinite slope) enters the graph
            return Where(zero, ZerosLike(g), g.Mul(safe.AbsPow(p - 1)).Mul(safe.Sign()).MulScalar(p));
        });
    }

    /// <summary>
    /// s^(1/p) for s ≥ 0 whose gradient at s = 0 is 0 rather than ∞. It is the outer step of a norm or a standard
    /// deviation, where the inner sum of powers has zero gradient wherever s = 0, so 0 is the limit the chain rule
    /// should give there (∞·0 would be NaN). The backward is written with <see cref="Where"/> over a safe
    /// denominator, so gradients of gradients are finite too.
    /// </summary>
    internal Tensor RootOfNonNegative(float p)
    {
        var y = p == 2 ? Map(this, System.Numerics.Tensors.TensorPrimitives.Sqrt)
            : Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Pow(x, 1f / p, o));
        return Record(y, "RootOfNonNegative", this, g =>
        {
            var zero = Eq(0f); // NaN is not 0, so a NaN input still gives a NaN gradient
            // d/ds s^(1/p) = y / (p·s), and 0 where s = 0; the denominator is 1 there so that no ∞ enters the graph.
            var denominator = Where(zero, OnesLike(this), this);
            return Where(zero, ZerosLike(g), g.Mul(y).Div(denominator).MulScalar(1f / p));
        });
    }

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public Tensor Softmax(int axis = -1)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "Softmax");
        if (a != Rank - 1) return Transpose(a, Rank - 1).Softmax(-1).Transpose(a, Rank - 1);
        var y = new Tensor(NewStorage(Size), (int[])Shape.Clone());
        int n = Shape[^1];
        ReduceKernels.SoftmaxRows(Storage, y.Storage, n == 0 ? 0 : Size / n, n, log: false);
        return Record(y, "Softmax", this, g => y.Mul(g.Sub(g.Mul(y).Sum(-1, keepDim: true))));
    }

    /// <summary>Log-softmax along <paramref name="axis"/>, computed without overflow.</summary>
    public Tensor LogSoftmax(int axis = -1)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "LogSoftmax");
        if (a != Rank - 1) return Transpose(a, Rank - 1).LogSoftmax(-1).Transpose(a, Rank - 1);
        var y = new Tensor(NewStorage(Size), (int[])Shape.Clone());
        int n = Shape[^1];
        ReduceKernels.SoftmaxRows(Storage, y.Storage, n == 0 ? 0 : Size / n, n, log: true);
        return Record(y, "LogSoftmax", this, g => g.Sub(y.Exp().Mul(g.Sum(-1, keepDim: true))));
    }

    /// <summary>
    /// Sums a broadcast gradient back to <paramref name="shape"/>: leading extra axes and axes where
    /// <paramref name="shape"/> has size 1 are summed away.
    /// </summary>
    public Tensor SumTo(int[] shape)
    {
        if (ShapeUtil.SameShape(Shape, shape)) return this;
        int lead = Rank - shape.Length;
        if (lead < 0) throw new ArgumentException($"SumTo: cannot sum {ShapeUtil.Format(Shape)} to the larger rank {ShapeUtil.Format(shape)}.");
        var axes = new List<int>();
        for (int i = 0; i < Rank; i++)
        {
            if (i < lead) axes.Add(i);
            else if (shape[i - lead] == 1 && Shape[i] != 1) axes.Add(i);
            else if (shape[i - lead] != Shape[i])
                throw new ArgumentException($"SumTo: {ShapeUtil.Format(Shape)} does not broadcast from {ShapeUtil.Format(shape)}.");
        }
        var summed = axes.Count == 0 ? this : Sum(axes.ToArray(), keepDim: true);
        return summed.Reshape(shape);
    }

    private int ReducedCount(int[] axes)
    {
        int count = 1;
        foreach (int a in axes) count *= Shape[a];
        return count;
    }

    /// <summary>Sums over sorted axes, splitting into contiguous blocks of axes handled by the [outer, R, inner] kernel.</summary>
    private float[] SumData(int[] axes)
    {
        if (axes.Length == Rank)
            return [ReduceKernels.SumAll(Storage)];
        var data = Storage;
        var shape = (int[])Shape.Clone();
        // Reduce from the last block of consecutive axes backwards; each pass keeps the reduced axes as size 1.
        int k = axes.Length - 1;
        while (k >= 0)
        {
            int hi = axes[k], lo = hi;
            while (k > 0 && axes[k - 1] == lo - 1) { k--; lo--; }
            k--;
            int outer = 1, reduced = 1, inner = 1;
            for (int i = 0; i < lo; i++) outer *= shape[i];
            for (int i = lo; i <= hi; i++) reduced *= shape[i];
            for (int i = hi + 1; i < shape.Length; i++) inner *= shape[i];
            var next = NewStorage(outer * inner);
            ReduceKernels.Sum(data, next, outer, reduced, inner);
            for (int i = lo; i <= hi; i++) shape[i] = 1;
            data = next;
        }
        return data;
    }

    private Tensor Extremum(int[]? axes, bool keepDim, bool max)
    {
        string name = max ? "Max" : "Min";
        var ax = ShapeUtil.NormalizeAxes(axes, Rank, name);
        var data = Storage;
        var shape = (int[])Shape.Clone();
        for (int k = ax.Length - 1; k >= 0; k--)
        {
            int a = ax[k];
            int outer = 1, inner = 1;
            for (int i = 0; i < a; i++) outer *= shape[i];
            for (int i = a + 1; i < shape.Length; i++) inner *= shape[i];
            if (shape[a] == 0) throw new ArgumentException($"{name}: cannot reduce over empty axis {a} of {ShapeUtil.Format(Shape)}.");
            var next = NewStorage(outer * inner);
            ReduceKernels.MaxMin(data, next, null, outer, shape[a], inner, max);
            shape[a] = 1;
            data = next;
        }
        var keepShape = ShapeUtil.KeepDimShape(Shape, ax);
        var y = new Tensor(data, keepDim ? keepShape : ShapeUtil.ReducedShape(Shape, ax, false));
        return Record(y, name, this, g =>
        {
            Tensor share;
            using (Autograd.NoGrad())
            {
                var hit = Eq(y.Reshape(keepShape));
                share = hit.Div(hit.Sum(ax, keepDim: true));
            }
            return g.Reshape(keepShape).Mul(share);
        });
    }

    private Tensor ArgExtremum(int axis, bool keepDim, bool max)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, max ? "Argmax" : "Argmin");
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= Shape[i];
        for (int i = a + 1; i < Rank; i++) inner *= Shape[i];
        var values = NewStorage(outer * inner);
        var indices = NewStorage(outer * inner);
        ReduceKernels.MaxMin(Storage, values, indices, outer, Shape[a], inner, max);
        return new Tensor(indices, keepDim ? ShapeUtil.KeepDimShape(Shape, [a]) : ShapeUtil.ReducedShape(Shape, [a], false));
    }
}
