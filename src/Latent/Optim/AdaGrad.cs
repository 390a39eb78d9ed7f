using Latent.Tensors;

namespace Latent.Optim;

/// <summary>AdaGrad (Duchi et al., 2011) with learning-rate decay and an initial accumulator value, in PyTorch's form.</summary>
/// <remarks>
/// With <c>g = ∇f + wd·p</c> and step count <c>t</c>: <c>clr = lr / (1 + (t−1)·lr_decay)</c>, <c>s ← s + g²</c>,
/// <c>p ← p − clr·g/(√s + ε)</c>. Hyper-parameters per group: <c>lr</c>, <c>lr_decay</c>, <c>weight_decay</c>,
/// <c>initial_accumulator_value</c>, <c>eps</c>. State buffer: <c>sum</c>.
/// </remarks>
public sealed class AdaGrad : Optimizer
{
    /// <summary>Creates AdaGrad over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="lrDecay">Learning-rate decay per step.</param>
    /// <param name="weightDecay">L2 penalty coefficient added to the gradient.</param>
    /// <param name="initialAccumulatorValue">Starting value of the squared-gradient sum.</param>
    /// <param name="eps">Added to the denominator for numerical stability.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public AdaGrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10)
        : this(SingleGroup(parameters), lr, lrDecay, weightDecay, initialAccumulatorValue, eps) { }

    /// <summary>Creates AdaGrad over parameter groups; the arguments are the defaults for options a group does not set.</summary>
    /// <inheritdoc cref="AdaGrad(IEnumerable{Tensor}, double, double, double, double, double)"/>
    public AdaGrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["lr_decay"] = lrDecay, ["weight_decay"] = weightDecay,
            ["initial_accumulator_value"] = initialAccumulatorValue, ["eps"] = eps,
        })
    { }

    /// <inheritdoc />
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, ">= 0");
        Require(group["lr_decay"] >= 0, "lr_decay", group["lr_decay"], ">= 0");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], ">= 0");
        Require(group["initial_accumulator_value"] >= 0, "initial_accumulator_value", group["initial_accumulator_value"], ">= 0");
        Require(group["eps"] >= 0, "eps", group["eps"], ">= 0");
    }

    /// <inheritdoc />
    public override void Step()
    {
        foreach (var (group, param, grad) in ParametersWithGrad())
        {
            var state = StateOf(param);
            long t = ++state.Step;
            float clr = (float)(group.Lr / (1 + (t - 1) * group["lr_decay"]));
            float wd = (float)group["weight_decay"], eps = (float)group["eps"];
            var p = param.Data;
            var g = grad.Data;
            var sum = state.Buffer("sum", param, (float)group["initial_accumulator_value"]).Data;
            for (int i = 0; i < p.Length; i++)
            {
                float gi = g[i] + wd * p[i];
                float s = sum[i] += gi * gi;
                p[i] -= clr * gi / (MathF.Sqrt(s) + eps);
            }
        }
    }
}
