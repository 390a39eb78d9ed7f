using Latent.Tensors;

namespace Latent.Optim;

/// <summary>Adam (Kingma &amp; Ba, 2015) with bias correction, optional AMSGrad and L2 weight decay added to the gradient.</summary>
/// <remarks>
/// With <c>g = ∇f + wd·p</c> and step count <c>t</c>: <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>
/// (AMSGrad: <c>v̂max ← max(v̂max, v)</c> is used in place of <c>v</c>),
/// <c>p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)</c>, as in PyTorch.
/// Hyper-parameters per group: <c>lr</c>, <c>beta1</c>, <c>beta2</c>, <c>eps</c>, <c>weight_decay</c>, <c>amsgrad</c> (0/1).
/// State buffers: <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c> (AMSGrad).
/// For decoupled weight decay use <see cref="AdamW"/>.
/// </remarks>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Creates Adam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first-moment average.</param>
    /// <param name="beta2">Decay of the second-moment average.</param>
    /// <param name="eps">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">L2 penalty coefficient added to the gradient.</param>
    /// <param name="amsgrad">Use the running maximum of the second moment (AMSGrad).</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
        : this(SingleGroup(parameters), lr, beta1, beta2, eps, weightDecay, amsgrad) { }

    /// <summary>Creates Adam over parameter groups; the arguments are the defaults for options a group does not set.</summary>
    /// <inheritdoc cref="Adam(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
        : this(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled: false) { }

    /// <summary>Creates Adam with coupled (L2) or decoupled (AdamW) weight decay.</summary>
    private protected Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
        bool amsgrad, bool decoupled)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
            ["amsgrad"] = amsgrad ? 1 : 0,
        })
        => _decoupled = decoupled;

    /// <inheritdoc />
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, ">= 0");
        Require(group["beta1"] >= 0 && group["beta1"] < 1, "beta1", group["beta1"], "in [0, 1)");
        Require(group["beta2"] >= 0 && group["beta2"] < 1, "beta2", group["beta2"], "in [0, 1)");
        Require(group["eps"] >= 0, "eps", group["eps"], ">= 0");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], ">= 0");
    }

    /// <inheritdoc />
    public override void Step()
    {
        foreach (var (group, param, grad) in ParametersWithGrad())
        {
            var state = StateOf(param);
            long t = ++state.Step;
            double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"];
            // (1 − β) is formed in double: 1 − 0.999f would be off by 1.3e-5 relative.
            float b1 = (float)beta1, b2 = (float)beta2, c1 = (float)(1 - beta1), c2 = (float)(1 - beta2), eps = (float)group["eps"];
            float stepSize = (float)(lr / (1 - Math.Pow(beta1, t)));
            float invSqrtBias2 = (float)(1 / Math.Sqrt(1 - Math.Pow(beta2, t)));
            float wd = (float)group["weight_decay"];
            // AdamW shrinks the weights inside the update instead of adding wd·p to the gradient.
            float shrink = 1f;
            if (_decoupled && wd != 0)
            {
                shrink = (float)(1 - lr * group["weight_decay"]);
                wd = 0;
            }
            var p = param.Data;
            var g = grad.Data;
            var mean = state.Buffer("exp_avg", param);
            var square = state.Buffer("exp_avg_sq", param);
            var m = mean.Data;
            var v = square.Data;
            var vmax = group.Flag("amsgrad") ? state.Buffer("max_exp_avg_sq", param).Data : default;
            if (vmax.IsEmpty)
                AdamKernel.UpdateParallel(param.Storage, grad.Storage, mean.Storage, square.Storage, b1, b2, c1, c2, wd, shrink, stepSize, invSqrtBias2, eps);
            else
                for (int i = 0; i < p.Length; i++)
                {
                    p[i] *= shrink;
                    float gi = g[i] + wd * p[i];
                    m[i] = b1 * m[i] + c1 * gi;
                    float vi = v[i] = b2 * v[i] + c2 * gi * gi;
                    vi = vmax[i] = MathF.Max(vmax[i], vi);
                    p[i] -= stepSize * m[i] / (MathF.Sqrt(vi) * invSqrtBias2 + eps);
                }
        }
    }
}
