using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise binary cross-entropy of logits x against targets y, max(x, 0) − x·y + log(1 + e^(−|x|)), in one pass.
    /// The gradient is (σ(x) − y) for x and −x for y, written with differentiable ops so it can be differentiated again.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor BinaryCrossEntropyWithLogits(Tensor target)
    {
        if (!ShapeUtil.SameShape(Shape, target.Shape))
            throw new ArgumentException($"BinaryCrossEntropyWithLogits: logits {ShapeUtil.Format(Shape)} and targets {ShapeUtil.Format(target.Shape)} differ.");
        var y = Zip(this, target, UnaryKernels.BceWithLogits);
        return Record(y, "BinaryCrossEntropyWithLogits", [this, target], (g, need) =>
        [
            need[0] ? (GradMode.IsEnabled ? g.Mul(Sigmoid().Sub(target)) : BceLogitGrad(g, target)) : null,
            need[1] ? g.Mul(this).Neg() : null,
        ]);
    }

    /// <summary>g·(σ(x) − y) in one pass, for backward without a graph.</summary>
    private Tensor BceLogitGrad(Tensor g, Tensor target)
    {
        var result = new Tensor(NewStorage(Size), (int[])Shape.Clone());
        var (gs, xs, ys, o) = (g.Storage, Storage, target.Storage, result.Storage);
        Parallelism.For(o.Length, Parallelism.ElementwiseGrain, (s, e) =>
            UnaryKernels.BceWithLogitsGrad(gs.AsSpan(s, e - s), xs.AsSpan(s, e - s), ys.AsSpan(s, e - s), o.AsSpan(s, e - s)));
        return result;
    }
}
