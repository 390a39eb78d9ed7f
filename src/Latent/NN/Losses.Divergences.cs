using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>Smallest probability used inside logarithms of probability inputs, so that 0·log 0 evaluates to 0.</summary>
    private const float TinyProbability = 1e-30f;

    /// <summary>
    /// KL(N(μ₁, e^{lv₁}) ‖ N(μ₂, e^{lv₂})) between diagonal Gaussians, per dimension
    /// ½(lv₂ − lv₁ + (e^{lv₁} + (μ₁ − μ₂)²)/e^{lv₂} − 1). The default <see cref="Reduction.BatchMean"/> sums the
    /// dimensions and averages over the batch, as the ELBO needs.
    /// </summary>
    /// <exception cref="ArgumentException">The four shapes are not all equal.</exception>
    public static Tensor KlDivergenceGaussian(Tensor mu1, Tensor logVar1, Tensor mu2, Tensor logVar2, Reduction reduction = Reduction.BatchMean)
    {
        CheckSameShape(mu1, logVar1, "KlDivergenceGaussian");
        CheckSameShape(mu1, mu2, "KlDivergenceGaussian");
        CheckSameShape(mu1, logVar2, "KlDivergenceGaussian");
        var kl = 0.5f * (logVar2 - logVar1 + ((logVar1 - logVar2).Exp() + (mu1 - mu2).Square() * logVar2.Neg().Exp()) - 1f);
        return Reduce(kl, reduction);
    }

    /// <summary>
    /// KL(N(μ, e^{lv}) ‖ N(0, I)) per dimension −½(1 + lv − μ² − e^{lv}), the VAE regularizer (Kingma &amp; Welling, 2014).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor KlDivergenceStandardNormal(Tensor mu, Tensor logVar, Reduction reduction = Reduction.BatchMean)
    {
        CheckSameShape(mu, logVar, "KlDivergenceStandardNormal");
        return Reduce(-0.5f * (1f + logVar - mu.Square() - logVar.Exp()), reduction);
    }

    /// <summary>
    /// KL(p ‖ q) = Σ p·(log p − log q) between categorical distributions along <paramref name="axis"/>, from logits
    /// (computed with log-softmax, stable) or from probabilities (0·log 0 = 0). The result has that axis removed
    /// before the reduction.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor KlDivergenceCategorical(Tensor p, Tensor q, bool fromLogits = true, int axis = -1, Reduction reduction = Reduction.BatchMean)
    {
        CheckSameShape(p, q, "KlDivergenceCategorical");
        var (probP, logP) = ProbsAndLogs(p, fromLogits, axis);
        var (_, logQ) = ProbsAndLogs(q, fromLogits, axis);
        return Reduce((probP * (logP - logQ)).Sum(axis), reduction);
    }

    /// <summary>
    /// Jensen–Shannon divergence ½KL(p ‖ m) + ½KL(q ‖ m), m = ½(p + q), along <paramref name="axis"/>, from logits or
    /// probabilities; it lies in [0, log 2].
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor JsDivergence(Tensor p, Tensor q, bool fromLogits = true, int axis = -1, Reduction reduction = Reduction.BatchMean)
    {
        CheckSameShape(p, q, "JsDivergence");
        var (probP, logP) = ProbsAndLogs(p, fromLogits, axis);
        var (probQ, logQ) = ProbsAndLogs(q, fromLogits, axis);
        var logM = Tensor.Stack([logP, logQ], 0).LogSumExp(0) - MathF.Log(2f);
        var js = 0.5f * ((probP * (logP - logM)).Sum(axis) + (probQ * (logQ - logM)).Sum(axis));
        return Reduce(js, reduction);
    }

    private static (Tensor Probs, Tensor Logs) ProbsAndLogs(Tensor x, bool fromLogits, int axis)
    {
        if (!fromLogits) return (x, x.Maximum(TinyProbability).Log());
        var logs = x.LogSoftmax(axis);
        return (logs.Exp(), logs);
    }
}
