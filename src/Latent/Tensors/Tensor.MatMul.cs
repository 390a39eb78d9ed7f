using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product op(this)·op(other) over the last two axes, broadcasting leading (batch) axes. With
    /// <paramref name="transA"/> or <paramref name="transB"/> the operand's last two axes are read transposed without a
    /// copy. One-dimensional operands are treated as a row (left) or column (right) vector and the axis is dropped.
    /// </summary>
    /// <exception cref="ArgumentException">The inner dimensions differ or the batch shapes do not broadcast.</exception>
    public Tensor MatMul(Tensor other, bool transA = false, bool transB = false)
    {
        if (Rank == 0 || other.Rank == 0)
            throw new ArgumentException($"MatMul: operands must have rank ≥ 1, got {ShapeUtil.Format(Shape)} and {ShapeUtil.Format(other.Shape)}.");
        if (Rank == 1 || other.Rank == 1)
        {
            var a2 = Rank == 1 ? Reshape(1, Size) : this;
            var b2 = other.Rank == 1 ? other.Reshape(other.Size, 1) : other;
            var r = a2.MatMul(b2, Rank != 1 && transA, other.Rank != 1 && transB);
            if (Rank == 1) r = r.Squeeze(-2);
            if (other.Rank == 1) r = r.Squeeze(-1);
            return r;
        }
        int m = transA ? Shape[^1] : Shape[^2], k = transA ? Shape[^2] : Shape[^1];
        int kb = transB ? other.Shape[^1] : other.Shape[^2], n = transB ? other.Shape[^2] : other.Shape[^1];
        if (k != kb)
            throw new ArgumentException($"MatMul: inner dimensions differ for {ShapeUtil.Format(Shape)}{(transA ? "ᵀ" : "")} and {ShapeUtil.Format(other.Shape)}{(transB ? "ᵀ" : "")} ({k} vs {kb}).");
        var batchA = Shape[..^2];
        var batchB = other.Shape[..^2];
        var batch = ShapeUtil.Broadcast(batchA, batchB, "MatMul");
        var shape = batch.Concat([m, n]).ToArray();
        var y = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), shape);
        int lda = Shape[^1], ldb = other.Shape[^1];
        if (batchB.Length == 0 && !transA)
        {
            // Fold the batch of A into its rows: one large product instead of many small ones.
            Gemm.Run(false, transB, Size / Math.Max(1, k) , n, k, 1f, Storage, 0, lda, other.Storage, 0, ldb, 0f, y.Storage, 0, n);
        }
        else
        {
            int count = ShapeUtil.SizeOf(batch);
            var sa = ShapeUtil.BroadcastStrides(batchA, batch);
            var sb = ShapeUtil.BroadcastStrides(batchB, batch);
            var idx = new int[batch.Length];
            for (int t = 0; t < count; t++)
            {
                int ia = 0, ib = 0;
                for (int d = 0; d < batch.Length; d++) { ia += idx[d] * sa[d]; ib += idx[d] * sb[d]; }
                Gemm.Run(transA, transB, m, n, k, 1f, Storage, ia * m * k, lda, other.Storage, ib * k * n, ldb, 0f, y.Storage, t * m * n, n);
                for (int d = batch.Length - 1; d >= 0; d--) { if (++idx[d] < batch[d]) break; idx[d] = 0; }
            }
        }
        return Record(y, "MatMul", [this, other], (g, need) =>
        {
            Tensor? ga = null, gb = null;
            if (need[0])
                ga = (transA ? other.MatMul(g, transB, true) : g.MatMul(other, false, !transB)).SumTo(Shape);
            if (need[1])
            {
                if (other.Rank == 2 && Rank > 2 && !transA)
                {
                    // B was shared by the whole batch: fold the batch into one product instead of summing per-batch ones.
                    var a2 = Reshape(-1, k);
                    var g2 = g.Reshape(-1, n);
                    gb = transB ? g2.MatMul(a2, true, false) : a2.MatMul(g2, true, false);
                }
                else gb = (transB ? g.MatMul(this, true, transA) : MatMul(g, !transA, false)).SumTo(other.Shape);
            }
            return [ga, gb];
        });
    }

    /// <summary>
    /// Writes op(a)·op(b) of two matrices into an existing <paramref name="output"/> without allocating (like PyTorch's
    /// <c>out=</c>). Records no graph, so it refuses inputs that require gradients while grad mode is on.
    /// </summary>
    /// <exception cref="ArgumentException">Operands are not matrices, the inner dimensions differ, or the output has the wrong shape.</exception>
    /// <exception cref="InvalidOperationException">An input requires gradients and grad mode is enabled.</exception>
    public static void MatMulInto(Tensor a, Tensor b, Tensor output, bool transA = false, bool transB = false)
    {
        if (a.Rank != 2 || b.Rank != 2)
            throw new ArgumentException($"MatMulInto: operands must be matrices, got {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)}.");
        if (ShouldRecord(a, b))
            throw new InvalidOperationException("MatMulInto records no graph: use MatMul for inputs that require gradients, or run under Autograd.NoGrad().");
        int m = transA ? a.Shape[1] : a.Shape[0], k = transA ? a.Shape[0] : a.Shape[1];
        int kb = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
            throw new ArgumentException($"MatMulInto: inner dimensions differ for {ShapeUtil.Format(a.Shape)}{(transA ? "ᵀ" : "")} and {ShapeUtil.Format(b.Shape)}{(transB ? "ᵀ" : "")} ({k} vs {kb}).");
        if (output.Rank != 2 || output.Shape[0] != m || output.Shape[1] != n)
            throw new ArgumentException($"MatMulInto: output must be [{m}, {n}], got {ShapeUtil.Format(output.Shape)}.");
        Gemm.Run(transA, transB, m, n, k, 1f, a.Storage, 0, a.Shape[1], b.Storage, 0, b.Shape[1], 0f, output.Storage, 0, n);
    }

    /// <summary>
    /// Affine map x·Wᵀ + b with W of shape [out, in], the layout of a linear layer. The bias is added inside the matrix
    /// product (one pass over the output); x may have any number of leading axes.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes of x, W and b do not fit together.</exception>
    public Tensor Linear(Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || Rank < 1 || Shape[^1] != weight.Shape[1])
            throw new ArgumentException($"Linear: input {ShapeUtil.Format(Shape)} does not fit weight {ShapeUtil.Format(weight.Shape)} ([out, in]).");
        int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
        if (bias == null) return MatMul(weight, transB: true);
        if (bias.Rank != 1 || bias.Shape[0] != outFeatures)
            throw new ArgumentException($"Linear: bias must be [{outFeatures}], got {ShapeUtil.Format(bias.Shape)}.");
        int rows = Size / Math.Max(1, inFeatures);
        var shape = (int[])Shape.Clone();
        shape[^1] = outFeatures;
        var y = new Tensor(NewStorage(rows * outFeatures), shape);
        for (int r = 0; r < rows; r++) bias.Storage.AsSpan().CopyTo(y.Storage.AsSpan(r * outFeatures, outFeatures));
        Gemm.Run(false, true, rows, outFeatures, inFeatures, 1f, Storage, 0, inFeatures, weight.Storage, 0, inFeatures, 1f, y.Storage, 0, outFeatures);
        return Record(y, "Linear", [this, weight, bias], (g, need) =>
        {
            var g2 = g.Reshape(rows, outFeatures);
            return
            [
                need[0] ? g.MatMul(weight) : null,
                need[1] ? g2.MatMul(Reshape(rows, inFeatures), transA: true) : null,
                need[2] ? g2.Sum(0) : null,
            ];
        });
    }
}
