using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>Squared error (x − y)².</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Mse(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "Mse");
        return Reduce((input - target).Square(), reduction);
    }

    /// <summary>Absolute error |x − y|.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor L1(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "L1");
        return Reduce((input - target).Abs(), reduction);
    }

    /// <summary>|x − y|ᵖ for p ≥ 1 (p = 1 is <see cref="L1"/>, p = 2 is <see cref="Mse"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ or p &lt; 1.</exception>
    public static Tensor Lp(Tensor input, Tensor target, float p, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "Lp");
        if (!(p >= 1)) throw new ArgumentException($"Lp: p must be at least 1, got {p}.", nameof(p));
        return Reduce((input - target).Abs().Pow(p), reduction);
    }

    /// <summary>
    /// Huber loss: ½d² where |d| &lt; δ, δ(|d| − ½δ) from there on, with d = x − y. At |d| = δ both pieces meet with
    /// slope ±δ; the linear piece is taken, so the second derivative there is 0, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or δ is not positive.</exception>
    public static Tensor Huber(Tensor input, Tensor target, float delta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "Huber");
        if (!(delta > 0)) throw new ArgumentException($"Huber: delta must be positive, got {delta}.", nameof(delta));
        var d = input - target;
        var abs = d.Abs();
        var loss = Tensor.Where(abs.Lt(delta), 0.5f * d.Square(), delta * (abs - 0.5f * delta));
        return Reduce(loss, reduction);
    }

    /// <summary>
    /// Smooth L1 loss (PyTorch's SmoothL1Loss): ½d²/β where |d| &lt; β, |d| − ½β from there on, with d = x − y; β = 0
    /// is <see cref="L1"/>. It equals <see cref="Huber"/> with δ = β divided by β.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or β is negative.</exception>
    public static Tensor SmoothL1(Tensor input, Tensor target, float beta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "SmoothL1");
        if (!(beta >= 0)) throw new ArgumentException($"SmoothL1: beta must be non-negative, got {beta}.", nameof(beta));
        var d = input - target;
        var abs = d.Abs();
        if (beta == 0) return Reduce(abs, reduction);
        return Reduce(Tensor.Where(abs.Lt(beta), d.Square() * (0.5f / beta), abs - 0.5f * beta), reduction);
    }

    /// <summary>
    /// Negative log-likelihood of <paramref name="target"/> under N(<paramref name="input"/>, <paramref name="variance"/>):
    /// ½(log max(σ², eps) + (x − y)²/max(σ², eps)), plus ½log 2π when <paramref name="full"/> (PyTorch's GaussianNLLLoss).
    /// </summary>
    /// <param name="input">Predicted means.</param>
    /// <param name="target">Observations, shaped like <paramref name="input"/>.</param>
    /// <param name="variance">Predicted variances, shaped like the input or broadcastable to it (one per sample, or one shared).</param>
    /// <param name="full">Include the constant ½log 2π.</param>
    /// <param name="eps">
    /// Lower clamp on the variance for stability. Convention: no gradient flows to a variance below eps (it is
    /// replaced by a constant); PyTorch clamps under no_grad and so passes the gradient as if unclamped, which pushes
    /// such a variance further down. Above eps the two agree.
    /// </param>
    /// <param name="reduction">How to combine the per-element losses.</param>
    /// <exception cref="ArgumentException">The shapes do not fit, or a variance is negative.</exception>
    public static Tensor GaussianNll(Tensor input, Tensor target, Tensor variance, bool full = false, float eps = 1e-6f,
        Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "GaussianNll");
        foreach (float value in variance.Data)
            if (value < 0) throw new ArgumentException($"GaussianNll: variance has a negative entry {value}.", nameof(variance));
        var v = variance.Maximum(eps);
        var loss = 0.5f * (v.Log() + (input - target).Square() / v);
        if (full) loss += 0.5f * MathF.Log(2 * MathF.PI);
        return Reduce(loss, reduction);
    }
}
