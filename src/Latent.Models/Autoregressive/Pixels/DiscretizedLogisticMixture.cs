using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// PixelCNN++'s discretized mixture of logistics (Salimans et al., 2017) for one-channel pixels. Level v of L is the
/// value x = 2v/(L − 1) − 1 in [−1, 1], owning the bin [x − 1/(L − 1), x + 1/(L − 1)]; the two end levels own the
/// tails, so that p(v) = Σₖ πₖ [σ((x⁺ − μₖ)/sₖ) − σ((x⁻ − μₖ)/sₖ)] with x⁻ = −∞ at v = 0 and x⁺ = +∞ at v = L − 1 sums
/// to exactly 1 over the L levels. Parameters per pixel: K mixture logits, K means, K log-scales (in that order).
/// Where a bin's mass underflows (below 1e-5) its log is taken as the density at the bin's centre times the bin
/// width, as PixelCNN++ does.
/// </summary>
public sealed class DiscretizedLogisticMixture : PixelDistribution
{
    /// <summary>The smallest log-scale a component may have (PixelCNN++'s −7).</summary>
    public const float MinLogScale = -7f;

    /// <summary>Creates the mixture of <paramref name="mixtures"/> logistics over <paramref name="levels"/> levels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 levels or no component.</exception>
    public DiscretizedLogisticMixture(int levels, int mixtures) : base(levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mixtures);
        Mixtures = mixtures;
    }

    /// <summary>Mixture components K.</summary>
    public int Mixtures { get; }

    /// <inheritdoc />
    public override int Channels => 3 * Mixtures;

    private float HalfBin => 1f / (Levels - 1);

    private (Tensor LogWeights, Tensor Means, Tensor LogScales) Split(Tensor parameters)
    {
        int k = Mixtures;
        return (parameters.Narrow(1, 0, k).LogSoftmax(1), parameters.Narrow(1, k, k), parameters.Narrow(1, 2 * k, k).Clamp(min: MinLogScale));
    }

    /// <inheritdoc />
    public override Tensor Nll(Tensor parameters, int[] levels)
    {
        Check(parameters, levels);
        int m = levels.Length, k = Mixtures, top = Levels - 1;
        var (logWeights, means, logScales) = Split(parameters);
        var x = new float[m];
        var first = new float[m];
        var last = new float[m];
        for (int i = 0; i < m; i++)
        {
            x[i] = 2f * levels[i] / top - 1f;
            first[i] = levels[i] == 0 ? 1f : 0f;
            last[i] = levels[i] == top ? 1f : 0f;
        }
        var centred = Tensor.FromArray(x, m, 1) - means;
        var inverseScale = (-logScales).Exp();
        var plus = inverseScale * (centred + HalfBin);
        var minus = inverseScale * (centred - HalfBin);
        var logCdfPlus = plus - plus.Softplus();           // log σ(plus): the mass of the lowest level
        var logSurvivalMinus = -minus.Softplus();          // log (1 − σ(minus)): the mass of the highest level
        var mass = plus.Sigmoid() - minus.Sigmoid();
        var middle = inverseScale * centred;
        var logDensityTimesBin = middle - logScales - 2f * middle.Softplus() + MathF.Log(2f * HalfBin);
        var usable = Tensor.FromArray([.. mass.Data.ToArray().Select(v => v > 1e-5f ? 1f : 0f)], m, k);
        var logMass = usable * mass.Clamp(min: 1e-12f).Log() + (1f - usable) * logDensityTimesBin;
        var isFirst = Tensor.FromArray(first, m, 1);
        var isLast = Tensor.FromArray(last, m, 1);
        var inner = 1f - isFirst - isLast;
        var logP = isFirst * logCdfPlus + isLast * logSurvivalMinus + inner * logMass;
        return -(logP + logWeights).LogSumExp(1);
    }

    /// <inheritdoc />
    /// <remarks>A component is drawn from the weights, then a logistic value μ + s·log(u / (1 − u)), clamped to [−1, 1]
    /// and rounded to the nearest level: exactly the discretized distribution.</remarks>
    public override int[] Sample(Tensor parameters, Generator gen)
    {
        Check(parameters, null);
        ArgumentNullException.ThrowIfNull(gen);
        int m = parameters.Shape[0], k = Mixtures, top = Levels - 1;
        using var _ = Autograd.NoGrad();
        var (logWeights, means, logScales) = Split(parameters);
        var component = Tensor.Multinomial(logWeights.Exp(), 1, gen).Data;
        var u = Tensor.Rand([m], gen, 1e-5f, 1f - 1e-5f).Data;
        var mu = means.Data;
        var ls = logScales.Data;
        var levels = new int[m];
        for (int i = 0; i < m; i++)
        {
            int c = (int)component[i];
            double value = mu[i * k + c] + Math.Exp(ls[i * k + c]) * Math.Log(u[i] / (1 - u[i]));
            value = Math.Clamp(value, -1, 1);
            levels[i] = (int)Math.Round((value + 1) / 2 * top);
        }
        return levels;
    }
}
