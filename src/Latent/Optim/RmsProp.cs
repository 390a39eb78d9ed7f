using Latent.Tensors;

namespace Latent.Optim;

/// <summary>RMSProp (Hinton, 2012) with optional centering and momentum, in PyTorch's form.</summary>
/// <remarks>
/// With <c>g = ∇f + wd·p</c>: <c>s ← αs + (1−α)g²</c>; centered: <c>ḡ ← αḡ + (1−α)g</c> and the denominator is
/// <c>√(s − ḡ²) + ε</c>, otherwise <c>√s + ε</c>. Without momentum <c>p ← p − lr·g/denom</c>; with momentum μ
/// <c>buf ← μ·buf + g/denom</c> and <c>p ← p − lr·buf</c>.
/// Hyper-parameters per group: <c>lr</c>, <c>alpha</c>, <c>eps</c>, <c>weight_decay</c>, <c>momentum</c>, <c>centered</c> (0/1).
/// State buffers: <c>square_avg</c>, <c>grad_avg</c> (centered), <c>momentum_buffer</c> (momentum).
/// </remarks>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates RMSProp over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="alpha">Decay of the squared-gradient average.</param>
    /// <param name="eps">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">L2 penalty coefficient added to the gradient.</param>
    /// <param name="momentum">Momentum factor; 0 disables momentum.</param>
    /// <param name="centered">Normalize by an estimate of the gradient variance instead of its second moment.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false)
        : this(SingleGroup(parameters), lr, alpha, eps, weightDecay, momentum, centered) { }

    /// <summary>Creates RMSProp over parameter groups; the arguments are the defaults for options a group does not set.</summary>
    /// <inheritdoc cref="RmsProp(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public RmsProp(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum"] = momentum,
            ["centered"] = centered ? 1 : 0,
        })
    { }

    /// <inheritdoc />
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, ">= 0");
        Require(group["alpha"] >= 0 && group["alpha"] < 1, "alpha", group["alpha"], "in [0, 1)");
        Require(group["eps"] >= 0, "eps", group["eps"], ">= 0");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], ">= 0");
        Require(group["momentum"] >= 0, "momentum", group["momentum"], ">= 0");
    }

    /// <inheritdoc />
    public override void Step()
    {
        foreach (var (group, param, grad) in ParametersWithGrad())
        {
            var state = StateOf(param);
            state.Step++;
            float lr = (float)group.Lr, alpha = (float)group["alpha"], rest = (float)(1 - group["alpha"]), eps = (float)group["eps"];
            float wd = (float)group["weight_decay"], mu = (float)group["momentum"];
            var p = param.Data;
            var g = grad.Data;
            var sq = state.Buffer("square_avg", param).Data;
            var avg = group.Flag("centered") ? state.Buffer("grad_avg", param).Data : default;
            var buf = mu > 0 ? state.Buffer("momentum_buffer", param).Data : default;
            for (int i = 0; i < p.Length; i++)
            {
                float gi = g[i] + wd * p[i];
                float s = sq[i] = alpha * sq[i] + rest * gi * gi;
                if (!avg.IsEmpty)
                {
                    float a = avg[i] = alpha * avg[i] + rest * gi;
                    s -= a * a;
                }
                float step = gi / (MathF.Sqrt(s) + eps);
                if (!buf.IsEmpty) step = buf[i] = mu * buf[i] + step;
                p[i] -= lr * step;
            }
        }
    }
}
