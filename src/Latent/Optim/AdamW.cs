using Latent.Tensors;

namespace Latent.Optim;

/// <summary>AdamW (Loshchilov &amp; Hutter, 2019): Adam with decoupled weight decay.</summary>
/// <remarks>
/// Each step first shrinks the parameters, <c>p ← p·(1 − lr·wd)</c>, then applies the <see cref="Adam"/> update to the
/// plain gradient. Same hyper-parameters and state as <see cref="Adam"/>; the default weight decay is 0.01 as in PyTorch.
/// </remarks>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first-moment average.</param>
    /// <param name="beta2">Decay of the second-moment average.</param>
    /// <param name="eps">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">Decoupled weight decay coefficient.</param>
    /// <param name="amsgrad">Use the running maximum of the second moment (AMSGrad).</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false)
        : base(SingleGroup(parameters), lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true) { }

    /// <summary>Creates AdamW over parameter groups; the arguments are the defaults for options a group does not set.</summary>
    /// <inheritdoc cref="AdamW(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false)
        : base(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true) { }
}
