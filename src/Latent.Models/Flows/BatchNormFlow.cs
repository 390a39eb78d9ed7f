using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// Batch normalization as a flow layer (RealNVP, Dinh et al. 2017, §3.7): z = (x − μ)/√(σ² + ε)·exp(log γ) + β per
/// dimension. In training μ and σ² are the batch's mean and (biased) variance, and the running averages are updated
/// with <see cref="Momentum"/>; in evaluation the running averages are used, so the layer is a fixed affine map.
/// Either way log|det J| = Σ [log γ − ½ log(σ² + ε)], the same for every example (the batch statistics are treated
/// as constants of the map, as in the paper). <see cref="Inverse"/> always uses the running averages.
/// </summary>
public sealed class BatchNormFlow : FlowLayer
{
    /// <summary>Creates the layer for examples of <paramref name="shape"/>, with log γ = 0, β = 0, running mean 0 and variance 1.</summary>
    /// <exception cref="ArgumentException">The shape is empty, or the momentum or ε is out of range.</exception>
    public BatchNormFlow(int[] shape, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(s => s <= 0))
            throw new ArgumentException($"BatchNormFlow: an example shape needs positive sizes, got [{string.Join(", ", shape)}].", nameof(shape));
        if (!(momentum > 0 && momentum <= 1)) throw new ArgumentException($"BatchNormFlow: the momentum must be in (0, 1], got {momentum}.", nameof(momentum));
        if (!(eps > 0)) throw new ArgumentException($"BatchNormFlow: ε must be positive, got {eps}.", nameof(eps));
        Momentum = momentum;
        Eps = eps;
        RegisterParameter("log_gamma", Tensor.Zeros(shape));
        RegisterParameter("beta", Tensor.Zeros(shape));
        RegisterBuffer("running_mean", Tensor.Zeros(shape));
        RegisterBuffer("running_var", Tensor.Ones(shape));
    }

    /// <summary>The weight of a new batch in the running averages.</summary>
    public double Momentum { get; }

    /// <summary>ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>log γ per dimension.</summary>
    public Tensor LogGamma => Get("log_gamma");

    /// <summary>β per dimension.</summary>
    public Tensor Beta => Get("beta");

    /// <summary>The running mean.</summary>
    public Tensor RunningMean => GetBuffer("running_mean");

    /// <summary>The running (biased) variance.</summary>
    public Tensor RunningVariance => GetBuffer("running_var");

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the layer's shape, or a training batch has fewer than 2 examples.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, LogGamma.Shape, nameof(Transform));
        Tensor mean, variance;
        if (IsTraining)
        {
            if (x.Shape[0] < 2) throw new ArgumentException($"BatchNormFlow: a training batch needs at least 2 examples, got {x.Shape[0]}.", nameof(x));
            mean = x.Mean(0);
            variance = (x - mean).Square().Mean(0);
            UpdateRunning(mean, variance);
        }
        else
        {
            mean = RunningMean;
            variance = RunningVariance;
        }
        var logStd = (variance + (float)Eps).Log() * 0.5f;
        var z = (x - mean) * (LogGamma - logStd).Exp() + Beta;
        return (z, Tensor.Zeros(x.Shape[0]) + (LogGamma - logStd).Sum());
    }

    private void UpdateRunning(Tensor mean, Tensor variance)
    {
        float m = (float)Momentum;
        Span<float> rm = RunningMean.Data, rv = RunningVariance.Data, bm = mean.Data, bv = variance.Data;
        for (int i = 0; i < rm.Length; i++)
        {
            rm[i] = (1 - m) * rm[i] + m * bm[i];
            rv[i] = (1 - m) * rv[i] + m * bv[i];
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the layer's shape.</exception>
    public override Tensor Inverse(Tensor z)
    {
        RequireShape(z, LogGamma.Shape, nameof(Inverse));
        var logStd = (RunningVariance + (float)Eps).Log() * 0.5f;
        return (z - Beta) * (logStd - LogGamma).Exp() + RunningMean;
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"momentum={Momentum}, eps={Eps}";
}
