using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>
    /// Binary cross-entropy on probabilities: −w[y·log p + (1 − y)·log(1 − p)], each log clamped at −100 like PyTorch
    /// so that p = 0 or 1 gives a finite loss. Where a log is clamped its gradient is zero (never NaN).
    /// </summary>
    /// <param name="probs">Probabilities in [0, 1].</param>
    /// <param name="target">Targets in [0, 1], shaped like <paramref name="probs"/>.</param>
    /// <param name="weight">Optional weights broadcast over the elements.</param>
    /// <param name="reduction">How to combine the per-element losses.</param>
    /// <exception cref="ArgumentException">The shapes differ or a probability lies outside [0, 1] (NaN included).</exception>
    public static Tensor BinaryCrossEntropy(Tensor probs, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(probs, target, "BinaryCrossEntropy");
        foreach (float p in probs.Data)
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"BinaryCrossEntropy: input must hold probabilities in [0, 1], found {p}; use BinaryCrossEntropyWithLogits for raw scores.", nameof(probs));
        var logP = ClampedLog(probs);
        var log1mP = ClampedLog(probs.RSub(1f));
        var loss = -(target * logP + target.RSub(1f) * log1mP);
        if (weight != null) loss *= weight;
        return Reduce(loss, reduction);
    }

    /// <summary>
    /// Binary cross-entropy on logits, stable for any |x|: (1 − y)·x − (1 + (w₊ − 1)·y)·log σ(x), which is
    /// max(x, 0) − x·y + log(1 + e^(−|x|)) without <paramref name="posWeight"/>. Both forms are smooth in x, so their
    /// second derivatives are exact at x = 0 (where zero-initialised last layers start).
    /// </summary>
    /// <param name="logits">Raw scores x.</param>
    /// <param name="target">Targets in [0, 1], shaped like <paramref name="logits"/>.</param>
    /// <param name="posWeight">Optional weight w₊ of the positive term, broadcast over the elements (per class on the last axis).</param>
    /// <param name="weight">Optional weights broadcast over the elements.</param>
    /// <param name="reduction">How to combine the per-element losses.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor? posWeight = null, Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(logits, target, "BinaryCrossEntropyWithLogits");
        if (posWeight == null)
        {
            var fused = logits.BinaryCrossEntropyWithLogits(target);
            return Reduce(weight != null ? fused * weight : fused, reduction);
        }
        // log(1 + e^(−x)) = −log σ(x): one smooth op, so first and second derivatives are exact at every logit,
        // x = 0 included (a split into |x| and max(−x, 0) would drop the curvature σ(x)σ(−x) at their kinks).
        var softplusNeg = logits.LogSigmoid().Neg();
        var loss = target.RSub(1f) * logits + (1f + (posWeight - 1f) * target) * softplusNeg;
        if (weight != null) loss *= weight;
        return Reduce(loss, reduction);
    }

    /// <summary>Binary hinge loss max(0, margin − y·s) for scores s and targets y ∈ {−1, +1}.</summary>
    /// <exception cref="ArgumentException">The shapes differ or a target is not ±1.</exception>
    public static Tensor Hinge(Tensor scores, Tensor target, float margin = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(scores, target, "Hinge");
        CheckPlusMinusOne(target, "Hinge");
        return Reduce((margin - target * scores).Relu(), reduction);
    }

    /// <summary>max(log p, −100), with p first raised to the smallest positive float so that log 0 does not make the gradient NaN.</summary>
    private static Tensor ClampedLog(Tensor p) => p.Maximum(float.Epsilon).Log().Clamp(min: -100f);

    private static void CheckPlusMinusOne(Tensor target, string loss)
    {
        foreach (float y in target.Data)
            if (y != 1f && y != -1f)
                throw new ArgumentException($"{loss}: targets must be +1 or −1, found {y}.", nameof(target));
    }
}
