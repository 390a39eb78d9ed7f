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

    /// <summary>
    /// Softmax cross-entropy −log softmax(xᵢ)[yᵢ] of every row i of logits [M, C] against class indices, [M], in one
    /// pass over the logits; the gradient gᵢ·(softmax(xᵢ) − e_yᵢ) is one pass too. Without a graph the backward runs the
    /// fused kernel; with one (createGraph) it is written with differentiable ops, so it can be differentiated again.
    /// </summary>
    /// <param name="targets">One class index in [0, C) per row.</param>
    /// <exception cref="ArgumentException">The logits are not [M, C] for the M targets, or an index is outside [0, C).</exception>
    public Tensor SoftmaxCrossEntropy(int[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (Rank != 2 || Shape[0] != targets.Length)
            throw new ArgumentException($"SoftmaxCrossEntropy: expected logits [M, C] for {targets.Length} targets, got {ShapeUtil.Format(Shape)}.");
        int rows = Shape[0], classes = Shape[1];
        for (int i = 0; i < rows; i++)
            if ((uint)targets[i] >= (uint)classes)
                throw new ArgumentException($"SoftmaxCrossEntropy: target {targets[i]} at row {i} is outside [0, {classes}).", nameof(targets));
        var loss = new Tensor(NewStorage(rows), [rows]);
        var max = new float[rows];
        var logSum = new float[rows];
        var classOf = (int[])targets.Clone();
        CrossEntropyKernels.Forward(Storage, rows, classes, classOf, loss.Storage, max, logSum);
        return Record(loss, "SoftmaxCrossEntropy", this, g =>
        {
            if (GradMode.IsEnabled) return g.Unsqueeze(1).Mul(Softmax(1).Sub(OneHot(classOf, classes)));
            var dx = new Tensor(NewStorage(Size), (int[])Shape.Clone());
            CrossEntropyKernels.Backward(Storage, rows, classes, classOf, max, logSum, g.Storage, dx.Storage);
            return dx;
        });
    }

    /// <summary>Rows e_yᵢ of the identity: [M, C] with a one at (i, yᵢ).</summary>
    private static Tensor OneHot(int[] classes, int count)
    {
        var onehot = Zeros(classes.Length, count);
        for (int i = 0; i < classes.Length; i++) onehot.Storage[i * count + classes[i]] = 1f;
        return onehot;
    }
}
