using Latent.Tensors;

namespace Latent.Optim;

/// <summary>How <see cref="Sgd"/> accumulates its momentum buffer.</summary>
public enum MomentumForm
{
    /// <summary>PyTorch's form: <c>buf ← μ·buf + (1 − dampening)·g</c> (the first step sets <c>buf ← g</c>).</summary>
    Standard,

    /// <summary>
    /// The lecture's exponential moving average of gradients: <c>buf ← c·buf + (1 − c)·g</c> with <c>buf</c> starting at
    /// zero. It equals the standard form with the learning rate scaled by <c>1 − c</c>, and ignores dampening.
    /// </summary>
    Ema,
}

/// <summary>
/// Stochastic gradient descent with optional momentum (standard or EMA form), Nesterov momentum and L2 weight decay.
/// </summary>
/// <remarks>
/// With gradient <c>g = ∇f + wd·p</c>: without momentum <c>p ← p − lr·g</c>; with momentum the buffer follows
/// <see cref="MomentumForm"/> and <c>p ← p − lr·buf</c>, or with Nesterov <c>p ← p − lr·(g + μ·buf)</c>
/// (EMA form: <c>p ← p − lr·(c·buf + (1 − c)·g)</c>). Hyper-parameters per group: <c>lr</c>, <c>momentum</c>,
/// <c>dampening</c>, <c>weight_decay</c>, <c>nesterov</c> (0/1), <c>ema</c> (0/1). The state buffer is <c>momentum_buffer</c>.
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="momentum">Momentum factor μ (or EMA coefficient c); 0 disables momentum.</param>
    /// <param name="dampening">Dampening of the gradient in the standard form.</param>
    /// <param name="weightDecay">L2 penalty coefficient added to the gradient.</param>
    /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and zero dampening).</param>
    /// <param name="form">How the momentum buffer is accumulated.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, MomentumForm form = MomentumForm.Standard)
        : this(SingleGroup(parameters), lr, momentum, dampening, weightDecay, nesterov, form) { }

    /// <summary>Creates SGD over parameter groups; the arguments are the defaults for options a group does not set.</summary>
    /// <inheritdoc cref="Sgd(IEnumerable{Tensor}, double, double, double, double, bool, MomentumForm)"/>
    public Sgd(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, MomentumForm form = MomentumForm.Standard)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay,
            ["nesterov"] = nesterov ? 1 : 0, ["ema"] = form == MomentumForm.Ema ? 1 : 0,
        })
    { }

    /// <inheritdoc />
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, ">= 0");
        double momentum = group["momentum"];
        Require(momentum >= 0 && (momentum < 1 || !group.Flag("ema")), "momentum", momentum,
            ">= 0 (and < 1 in the EMA form)");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], ">= 0");
        if (group.Flag("nesterov"))
            Require(momentum > 0 && group["dampening"] == 0, "momentum with nesterov", momentum, "> 0 with zero dampening");
    }

    /// <inheritdoc />
    public override void Step()
    {
        foreach (var (group, param, grad) in ParametersWithGrad())
        {
            var p = param.Data;
            var g = grad.Data;
            float lr = (float)group.Lr, wd = (float)group["weight_decay"], mu = (float)group["momentum"];
            var state = StateOf(param);
            state.Step++;
            if (mu == 0)
            {
                for (int i = 0; i < p.Length; i++) p[i] -= lr * (g[i] + wd * p[i]);
                continue;
            }
            bool ema = group.Flag("ema"), nesterov = group.Flag("nesterov");
            bool first = !state.Buffers.ContainsKey("momentum_buffer");
            var buf = state.Buffer("momentum_buffer", param).Data;
            // Standard form: coefficient on the new gradient (no dampening on the first step, as in PyTorch).
            float keep = mu, take = (float)(ema ? 1 - group["momentum"] : first ? 1 : 1 - group["dampening"]);
            float look = ema ? take : 1;
            for (int i = 0; i < p.Length; i++)
            {
                float gi = g[i] + wd * p[i];
                float b = buf[i] = keep * buf[i] + take * gi;
                p[i] -= lr * (nesterov ? look * gi + mu * b : b);
            }
        }
    }
}
