using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>
    /// Softmax cross-entropy from logits [N, C] or [N, C, d…] (class axis 1) and class indices [N] or [N, d…] stored as
    /// whole-number floats — or, when <paramref name="target"/> has the logits' shape, soft targets (class probabilities).
    /// </summary>
    /// <param name="logits">Unnormalized scores.</param>
    /// <param name="target">Class indices, or class probabilities shaped like <paramref name="logits"/>.</param>
    /// <param name="weight">Optional per-class weights [C]; the mean is then Σ wᵧ·lᵢ / Σ wᵧ as in PyTorch.</param>
    /// <param name="ignoreIndex">A target index whose positions contribute nothing (and are left out of the mean).</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C.</param>
    /// <param name="reduction">How to combine the per-sample losses.</param>
    /// <exception cref="ArgumentException">Shapes do not match, an index is outside [0, C), or ε is outside [0, 1].</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight = null, int? ignoreIndex = null,
        float labelSmoothing = 0f, Reduction reduction = Reduction.Mean)
    {
        CheckSmoothing(labelSmoothing);
        if (target.Rank != logits.Rank && IsPlain(logits, weight, ignoreIndex, labelSmoothing))
            return FusedIndexLoss(logits, Indices(target, "CrossEntropy"), target.Shape, reduction);
        var logProbs = logits.LogSoftmax(ClassAxis(logits, "CrossEntropy"));
        if (target.Rank == logits.Rank)
        {
            CheckSameShape(logits, target, "CrossEntropy");
            if (ignoreIndex != null)
                throw new ArgumentException("CrossEntropy: ignoreIndex applies to class-index targets, not to soft targets.", nameof(ignoreIndex));
            return SoftTargetLoss(logProbs, target, weight, labelSmoothing, reduction);
        }
        return IndexLoss(logProbs, Indices(target, "CrossEntropy"), target.Shape, weight, ignoreIndex, labelSmoothing, reduction, "CrossEntropy");
    }

    /// <summary>Softmax cross-entropy with class indices given as integers; <paramref name="logits"/> is [N, C].</summary>
    /// <inheritdoc cref="CrossEntropy(Tensor, Tensor, Tensor?, int?, float, Reduction)"/>
    public static Tensor CrossEntropy(Tensor logits, int[] target, Tensor? weight = null, int? ignoreIndex = null,
        float labelSmoothing = 0f, Reduction reduction = Reduction.Mean)
    {
        CheckSmoothing(labelSmoothing);
        if (IsPlain(logits, weight, ignoreIndex, labelSmoothing)) return FusedIndexLoss(logits, target, [target.Length], reduction);
        var logProbs = logits.LogSoftmax(ClassAxis(logits, "CrossEntropy"));
        return IndexLoss(logProbs, target, [target.Length], weight, ignoreIndex, labelSmoothing, reduction, "CrossEntropy");
    }

    /// <summary>Plain cross-entropy of [N, C] logits (no weights, ignored index or smoothing): the fused kernel computes it.</summary>
    private static bool IsPlain(Tensor logits, Tensor? weight, int? ignoreIndex, float smoothing) =>
        logits.Rank == 2 && logits.Shape[1] > 0 && weight == null && ignoreIndex == null && smoothing == 0;

    /// <summary>
    /// Cross-entropy through <see cref="Tensor.SoftmaxCrossEntropy"/>: one pass over the logits forward and one
    /// backward, with the values of log-softmax followed by picking the targets.
    /// </summary>
    private static Tensor FusedIndexLoss(Tensor logits, int[] target, int[] targetShape, Reduction reduction)
    {
        int m = logits.Shape[0], c = logits.Shape[1];
        if (target.Length != m)
            throw new ArgumentException($"CrossEntropy: {target.Length} targets of shape {ShapeUtil.Format(targetShape)} do not match input {ShapeUtil.Format(logits.Shape)} (expected [N] or [N, d…] for input [N, C, d…]).");
        CheckRange(target, c, null, "CrossEntropy");
        var perSample = logits.SoftmaxCrossEntropy(target);
        return reduction switch
        {
            Reduction.None => perSample.Reshape(targetShape),
            Reduction.Mean => perSample.Sum() / Tensor.Scalar(m),
            _ => Reduce(perSample.Reshape(targetShape), reduction),
        };
    }

    /// <summary>
    /// Negative log-likelihood −w_y·log p_y from log-probabilities [N, C] or [N, C, d…] (class axis 1) and class indices
    /// stored as whole-number floats.
    /// </summary>
    /// <param name="logProbs">Log-probabilities, e.g. from <see cref="Tensor.LogSoftmax"/> along axis 1.</param>
    /// <param name="target">Class indices [N] or [N, d…].</param>
    /// <param name="weight">Optional per-class weights [C].</param>
    /// <param name="ignoreIndex">A target index whose positions contribute nothing.</param>
    /// <param name="reduction">How to combine the per-sample losses.</param>
    /// <exception cref="ArgumentException">Shapes do not match or an index is outside [0, C).</exception>
    public static Tensor Nll(Tensor logProbs, Tensor target, Tensor? weight = null, int? ignoreIndex = null, Reduction reduction = Reduction.Mean)
    {
        ClassAxis(logProbs, "Nll");
        return IndexLoss(logProbs, Indices(target, "Nll"), target.Shape, weight, ignoreIndex, 0f, reduction, "Nll");
    }

    /// <summary>
    /// Multi-class hinge loss (PyTorch's MultiMarginLoss) on scores [N, C]:
    /// Σ_{j ≠ y} max(0, margin − x_y + x_j)ᵖ / C per sample.
    /// </summary>
    /// <exception cref="ArgumentException">The scores are not [N, C] for the N targets, an index is outside [0, C), or p is not 1 or 2.</exception>
    public static Tensor MultiMargin(Tensor scores, Tensor target, float margin = 1f, int p = 1, Reduction reduction = Reduction.Mean)
    {
        if (p != 1 && p != 2) throw new ArgumentException($"MultiMargin: p must be 1 or 2, got {p}.", nameof(p));
        if (scores.Rank != 2 || target.Rank != 1 || target.Shape[0] != scores.Shape[0])
            throw new ArgumentException($"MultiMargin: expected scores [N, C] and targets [N], got {ShapeUtil.Format(scores.Shape)} and {ShapeUtil.Format(target.Shape)}.");
        int n = scores.Shape[0], c = scores.Shape[1];
        var ids = Indices(target, "MultiMargin");
        CheckRange(ids, c, null, "MultiMargin");
        var index = Tensor.FromArray(ids.Select(i => (float)i).ToArray(), n, 1);
        var correct = scores.Gather(1, index);
        var violation = (margin - correct + scores).Relu();
        if (p == 2) violation = violation.Square();
        var others = Tensor.Ones(n, c).ScatterAdd(1, index, Tensor.Full(-1f, n, 1)); // 0 at the target class
        return Reduce((violation * others).Sum(1) / c, reduction);
    }

    /// <summary>Cross-entropy with class-index targets on log-probabilities; the shared core of CE and NLL.</summary>
    private static Tensor IndexLoss(Tensor logProbs, int[] target, int[] targetShape, Tensor? weight, int? ignoreIndex,
        float smoothing, Reduction reduction, string loss)
    {
        var flat = ClassLast(logProbs);
        int m = flat.Shape[0], c = flat.Shape[1];
        if (target.Length != m)
            throw new ArgumentException($"{loss}: {target.Length} targets of shape {ShapeUtil.Format(targetShape)} do not match input {ShapeUtil.Format(logProbs.Shape)} (expected [N] or [N, d…] for input [N, C, d…]).");
        CheckWeight(weight, c, loss);
        CheckRange(target, c, ignoreIndex, loss);

        var safe = new int[m];
        var valid = new float[m];
        for (int i = 0; i < m; i++)
        {
            bool keep = target[i] != ignoreIndex;
            safe[i] = keep ? target[i] : 0;
            valid[i] = keep ? 1f : 0f;
        }
        var mask = Tensor.FromArray(valid, m);
        var picked = flat.Gather(1, Tensor.FromArray(safe.Select(i => (float)i).ToArray(), m, 1)).Reshape(m).Neg();
        var sampleWeight = weight == null ? mask : weight.IndexSelect(0, safe) * mask;
        var perSample = sampleWeight * picked;
        if (smoothing > 0)
        {
            var all = weight == null ? flat.Sum(1).Neg() : (flat * weight).Sum(1).Neg();
            perSample = (1 - smoothing) * perSample + (smoothing / c) * (all * mask);
        }
        return reduction switch
        {
            Reduction.None => perSample.Reshape(targetShape),
            Reduction.Mean => perSample.Sum() / sampleWeight.Sum(),
            _ => Reduce(perSample.Reshape(targetShape), reduction),
        };
    }

    private static Tensor SoftTargetLoss(Tensor logProbs, Tensor target, Tensor? weight, float smoothing, Reduction reduction)
    {
        int c = logProbs.Shape[1];
        CheckWeight(weight, c, "CrossEntropy");
        if (smoothing > 0) target = (1 - smoothing) * target + smoothing / c;
        var terms = target * logProbs;
        if (weight != null) terms *= Functional.PerChannel(weight, terms.Rank);
        return Reduce(terms.Sum(1).Neg(), reduction);
    }

    /// <summary>[N, C, d…] → [N·∏d, C] with the class axis last.</summary>
    private static Tensor ClassLast(Tensor x)
    {
        if (x.Rank == 2) return x;
        var perm = new int[x.Rank];
        perm[0] = 0;
        for (int a = 2; a < x.Rank; a++) perm[a - 1] = a;
        perm[^1] = 1;
        return x.Permute(perm).Reshape(-1, x.Shape[1]);
    }

    private static int ClassAxis(Tensor x, string loss)
    {
        if (x.Rank < 2 || x.Shape[1] == 0)
            throw new ArgumentException($"{loss}: input must be [N, C] or [N, C, d…] with C ≥ 1, got {ShapeUtil.Format(x.Shape)}.");
        return 1;
    }

    private static int[] Indices(Tensor target, string loss)
    {
        var ids = new int[target.Size];
        var data = target.Data;
        for (int i = 0; i < ids.Length; i++)
        {
            float v = data[i];
            if (v != MathF.Floor(v) || !float.IsFinite(v))
                throw new ArgumentException($"{loss}: target {v} at position {i} is not a class index (a whole number).", nameof(target));
            ids[i] = (int)v;
        }
        return ids;
    }

    private static void CheckRange(int[] target, int classes, int? ignoreIndex, string loss)
    {
        foreach (int t in target)
            if (t != ignoreIndex && (t < 0 || t >= classes))
                throw new ArgumentException($"{loss}: target class {t} is outside [0, {classes}).", nameof(target));
    }

    private static void CheckWeight(Tensor? weight, int classes, string loss)
    {
        if (weight != null && (weight.Rank != 1 || weight.Shape[0] != classes))
            throw new ArgumentException($"{loss}: class weights must be [{classes}], got {ShapeUtil.Format(weight.Shape)}.", nameof(weight));
    }

    private static void CheckSmoothing(float smoothing)
    {
        if (!(smoothing >= 0 && smoothing <= 1))
            throw new ArgumentException($"CrossEntropy: labelSmoothing must be in [0, 1], got {smoothing}.", nameof(smoothing));
    }
}
