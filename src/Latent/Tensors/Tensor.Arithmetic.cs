using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public Tensor Add(Tensor other)
    {
        var y = Broadcast<AddOp>(this, other, "Add");
        return Record(y, "Add", [this, other], (g, n) => [n[0] ? g.SumTo(Shape) : null, n[1] ? g.SumTo(other.Shape) : null]);
    }

    /// <summary>Elementwise difference with broadcasting.</summary>
    public Tensor Sub(Tensor other)
    {
        var y = Broadcast<SubOp>(this, other, "Sub");
        return Record(y, "Sub", [this, other], (g, n) => [n[0] ? g.SumTo(Shape) : null, n[1] ? g.Neg().SumTo(other.Shape) : null]);
    }

    /// <summary>Elementwise product with broadcasting.</summary>
    public Tensor Mul(Tensor other)
    {
        var y = Broadcast<MulOp>(this, other, "Mul");
        return Record(y, "Mul", [this, other],
            (g, n) => [n[0] ? g.Mul(other).SumTo(Shape) : null, n[1] ? g.Mul(this).SumTo(other.Shape) : null]);
    }

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public Tensor Div(Tensor other)
    {
        var y = Broadcast<DivOp>(this, other, "Div");
        return Record(y, "Div", [this, other], (g, n) =>
        [
            n[0] ? g.Div(other).SumTo(Shape) : null,
            n[1] ? g.Mul(this).Div(other.Mul(other)).Neg().SumTo(other.Shape) : null,
        ]);
    }

    /// <summary>
    /// Elementwise power with broadcasting. Where the exponent is 0 the base gradient is 0 (x⁰ = 1 is constant, also
    /// at x = 0, where the naive 0·0⁻¹ would be NaN), as in PyTorch. Convention: the exponent gradient xᵉ·log x is
    /// taken as 0 wherever the base is not positive. At base 0 that is PyTorch's value for exponents ≥ 0; for a
    /// negative base xᵉ is real only at integer exponents, so no derivative in e exists and PyTorch returns NaN; 0
    /// keeps the other parameters' gradients finite.
    /// </summary>
    public Tensor Pow(Tensor exponent)
    {
        var y = Broadcast<PowOp>(this, exponent, "Pow");
        return Record(y, "Pow", [this, exponent], (g, n) =>
        {
            Tensor? baseGrad = null, exponentGrad = null;
            if (n[0])
            {
                // Every branch Where discards is kept finite (base 1 there), so gradients of gradients stay finite too.
                var zeroExponent = exponent.Eq(0f);
                var safeBase = Where(zeroExponent, OnesLike(this), this);
                var slope = exponent.Mul(safeBase.Pow(exponent.AddScalar(-1)));
                baseGrad = Where(zeroExponent, ZerosLike(y), g.Mul(slope)).SumTo(Shape);
            }
            if (n[1])
            {
                var nonPositive = Le(0f); // NaN is neither, so a NaN base still gives a NaN gradient
                var safeBase = Where(nonPositive, OnesLike(this), this);
                exponentGrad = Where(nonPositive, ZerosLike(y), g.Mul(safeBase.Pow(exponent).Mul(safeBase.Log()))).SumTo(exponent.Shape);
            }
            return [baseGrad, exponentGrad];
        });
    }

    /// <summary>Elementwise maximum with broadcasting (NaN propagates; ties share the gradient equally).</summary>
    public Tensor Maximum(Tensor other) => MinMax<MaxOp>(other, "Maximum", isMax: true);

    /// <summary>Elementwise minimum with broadcasting (NaN propagates; ties share the gradient equally).</summary>
    public Tensor Minimum(Tensor other) => MinMax<MinOp>(other, "Minimum", isMax: false);

    private Tensor MinMax<TOp>(Tensor other, string name, bool isMax) where TOp : IBinaryOp
    {
        var y = Broadcast<TOp>(this, other, name);
        return Record(y, name, [this, other], (g, n) =>
        {
            Tensor share, rest;
            using (Autograd.NoGrad())
            {
                // A constant mask (no gradient flows through it); the products with g below stay differentiable.
                share = (isMax ? Gt(other) : other.Gt(this)).Add(Eq(other).MulScalar(0.5f));
                rest = share.RSub(1f);
            }
            return [n[0] ? g.Mul(share).SumTo(Shape) : null, n[1] ? g.Mul(rest).SumTo(other.Shape) : null];
        });
    }

    /// <summary>Mask (1/0) of this &gt; other.</summary>
    public Tensor Gt(Tensor other) => Broadcast<GreaterOp>(this, other, "Gt");

    /// <summary>Mask (1/0) of this ≥ other.</summary>
    public Tensor Ge(Tensor other) => Broadcast<GreaterEqualOp>(this, other, "Ge");

    /// <summary>Mask (1/0) of this &lt; other.</summary>
    public Tensor Lt(Tensor other) => Broadcast<GreaterOp>(other, this, "Lt");

    /// <summary>Mask (1/0) of this ≤ other.</summary>
    public Tensor Le(Tensor other) => Broadcast<GreaterEqualOp>(other, this, "Le");

    /// <summary>Mask (1/0) of this == other.</summary>
    public Tensor Eq(Tensor other) => Broadcast<EqualOp>(this, other, "Eq");

    /// <summary>Mask (1/0) of this &gt; value.</summary>
    public Tensor Gt(float value) => Gt(Scalar(value));

    /// <summary>Mask (1/0) of this &lt; value.</summary>
    public Tensor Lt(float value) => Lt(Scalar(value));

    /// <summary>Mask (1/0) of this ≥ value.</summary>
    public Tensor Ge(float value) => Ge(Scalar(value));

    /// <summary>Mask (1/0) of this ≤ value.</summary>
    public Tensor Le(float value) => Le(Scalar(value));

    /// <summary>Mask (1/0) of this == value.</summary>
    public Tensor Eq(float value) => Eq(Scalar(value));

    /// <summary>
    /// Picks <paramref name="a"/> where <paramref name="condition"/> is non-zero and <paramref name="b"/> elsewhere,
    /// broadcasting all three. Gradients flow to a and b, never to the condition.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.Shape, a.Shape, "Where"), b.Shape, "Where");
        var c = condition.ExpandData(shape);
        var x = a.ExpandData(shape);
        var z = b.ExpandData(shape);
        var y = new Tensor(NewStorage(c.Length), shape);
        var o = y.Storage;
        for (int i = 0; i < o.Length; i++) o[i] = c[i] != 0 ? x[i] : z[i];
        return Record(y, "Where", [a, b], (g, n) =>
        {
            var zero = ZerosLike(g);
            return [n[0] ? Where(condition, g, zero).SumTo(a.Shape) : null, n[1] ? Where(condition, zero, g).SumTo(b.Shape) : null];
        });
    }

    /// <summary>Adds a constant.</summary>
    public Tensor AddScalar(float c)
    {
        var y = Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Add(x, c, o));
        return Record(y, "AddScalar", this, g => g);
    }

    /// <summary>Multiplies by a constant.</summary>
    public Tensor MulScalar(float c)
    {
        var y = Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, c, o));
        return Record(y, "MulScalar", this, g => g.MulScalar(c));
    }

    /// <summary>c − this.</summary>
    public Tensor RSub(float c)
    {
        var y = Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Subtract(c, x, o));
        return Record(y, "RSub", this, g => g.Neg());
    }

    /// <summary>c / this.</summary>
    public Tensor RDiv(float c)
    {
        var y = Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Divide(c, x, o));
        return Record(y, "RDiv", this, g => g.Mul(y).Div(this).Neg());
    }

    /// <summary>
    /// Raises every element to a constant power. x⁰ is 1 with gradient 0 everywhere, also at x = 0 (PyTorch's
    /// convention; the naive 0·0⁻¹ would be NaN).
    /// </summary>
    public Tensor Pow(float p)
    {
        if (p == 1) return MulScalar(1);
        if (p == 0) return Record(OnesLike(this), "PowScalar", this, g => ZerosLike(g));
        var y = p == 2 ? Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, x, o))
            : Map(this, (x, o) => System.Numerics.Tensors.TensorPrimitives.Pow(x, p, o));
        return Record(y, "PowScalar", this, g => p == 2 ? g.Mul(this).MulScalar(2) : g.Mul(Pow(p - 1)).MulScalar(p));
    }

    /// <summary>Elementwise square.</summary>
    public Tensor Square() => Pow(2f);

    /// <summary>Elementwise maximum with a constant.</summary>
    public Tensor Maximum(float c) => Maximum(Scalar(c));

    /// <summary>Elementwise minimum with a constant.</summary>
    public Tensor Minimum(float c) => Minimum(Scalar(c));

#pragma warning disable CS1591 // operators are documented by their method counterparts
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, float c) => a.AddScalar(c);
    public static Tensor operator +(float c, Tensor a) => a.AddScalar(c);
    public static Tensor operator -(Tensor a, float c) => a.AddScalar(-c);
    public static Tensor operator -(float c, Tensor a) => a.RSub(c);
    public static Tensor operator *(Tensor a, float c) => a.MulScalar(c);
    public static Tensor operator *(float c, Tensor a) => a.MulScalar(c);
    public static Tensor operator /(Tensor a, float c) => a.MulScalar(1f / c);
    public static Tensor operator /(float c, Tensor a) => a.RDiv(c);
#pragma warning restore CS1591

    private static Tensor Broadcast<TOp>(Tensor a, Tensor b, string op) where TOp : IBinaryOp
    {
        var shape = ShapeUtil.Broadcast(a.Shape, b.Shape, op);
        var y = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), ReferenceEquals(shape, a.Shape) ? (int[])shape.Clone() : shape);
        BinaryKernels.Broadcast<TOp>(a.Storage, ShapeUtil.BroadcastStrides(a.Shape, shape), b.Storage,
            ShapeUtil.BroadcastStrides(b.Shape, shape), y.Storage, shape);
        return y;
    }

    /// <summary>This tensor's values broadcast to <paramref name="shape"/> (shared when no copy is needed).</summary>
    internal float[] ExpandData(int[] shape)
    {
        if (ShapeUtil.SameShape(Shape, shape)) return Storage;
        var o = NewStorage(ShapeUtil.SizeOf(shape));
        BinaryKernels.Broadcast<AddOp>(Storage, ShapeUtil.BroadcastStrides(Shape, shape), [0f], new int[shape.Length], o, shape);
        return o;
    }
}
