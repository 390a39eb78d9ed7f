using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// RealNVP's preprocessing as a flow layer: w = logit(α + (1 − 2α)·y) for y in [0, 1], which maps the bounded data
/// to the whole real line while keeping the values α away from 0 and 1. With p = α + (1 − 2α)·y,
/// log|det J| = Σ [log(1 − 2α) − log p − log(1 − p)], so that a density on w becomes the density on y exactly.
/// Inverse: y = (σ(w) − α)/(1 − 2α). It has no parameters.
/// </summary>
public sealed class LogitTransform : FlowLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">α in [0, 0.5); 0 is the plain logit.</param>
    /// <exception cref="ArgumentOutOfRangeException">α is outside [0, 0.5).</exception>
    public LogitTransform(double alpha)
    {
        if (!(alpha >= 0 && alpha < 0.5)) throw new ArgumentOutOfRangeException(nameof(alpha), $"LogitTransform: α must be in [0, 0.5), got {alpha}.");
        Alpha = alpha;
    }

    /// <summary>α of logit(α + (1 − 2α)x): keeps the logit finite at 0 and 1.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var p = x * (float)(1 - 2 * Alpha) + (float)Alpha;
        var logP = p.Log();
        var logOneMinusP = (1f - p).Log();
        var logDet = SumPerExample(-(logP + logOneMinusP)) + (float)(x.Size / Math.Max(1, x.Shape[0]) * Math.Log(1 - 2 * Alpha));
        return (logP - logOneMinusP, logDet);
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return (z.Sigmoid() - (float)Alpha) * (float)(1 / (1 - 2 * Alpha));
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"alpha={Alpha}";
}
