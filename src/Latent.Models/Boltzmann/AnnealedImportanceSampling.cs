using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// An AIS estimate of log Z: the estimate log Ẑ, the interval log(Ẑ ± 3σ̂) where σ̂ is the standard error of the mean
/// importance weight, and the log weights of the runs.
/// </summary>
/// <param name="LogZ">log Ẑ = log Z₀ + log mean wᵢ.</param>
/// <param name="LogZLow">log(Ẑ − 3σ̂), −∞ when the weights spread so widely that Ẑ − 3σ̂ ≤ 0.</param>
/// <param name="LogZHigh">log(Ẑ + 3σ̂).</param>
/// <param name="LogZBase">log Z₀ of the base-rate model, exact.</param>
/// <param name="LogWeights">log wᵢ of each run.</param>
/// <param name="Temperatures">The number of intermediate distributions K.</param>
public sealed record AisEstimate(double LogZ, double LogZLow, double LogZHigh, double LogZBase, IReadOnlyList<double> LogWeights, int Temperatures)
{
    /// <summary>The number of parallel runs.</summary>
    public int Runs => LogWeights.Count;

    /// <summary>The standard deviation of the log weights: near 0 when the annealing is slow enough, several nats when a few runs dominate.</summary>
    public double LogWeightStd
    {
        get
        {
            double mean = LogWeights.Average();
            return Math.Sqrt(LogWeights.Sum(w => (w - mean) * (w - mean)) / (LogWeights.Count - 1));
        }
    }

    /// <summary>Whether <paramref name="logZ"/> lies within [<see cref="LogZLow"/>, <see cref="LogZHigh"/>].</summary>
    public bool Contains(double logZ) => logZ >= LogZLow && logZ <= LogZHigh;
}

/// <summary>
/// Annealed importance sampling of an RBM's partition function (Neal 2001; Salakhutdinov &amp; Murray 2008). The runs
/// start from the base-rate model p₀(v) ∝ e^(b_Aᵀv) (independent pixels, <see cref="RbmParameters.BaseRateLogits"/>) and
/// pass through the intermediate distributions
/// p_β(v) ∝ e^((1 − β)·b_Aᵀv + β·bᵀv) Πⱼ (1 + e^(β·(cⱼ + Wⱼv))),
/// each transition a block-Gibbs step that leaves p_β invariant. Z₀ = 2ᴴ Πᵢ (1 + e^(b_A,ᵢ)) is exact, and
/// Z ≈ Z₀ · mean wᵢ with log wᵢ = Σₖ log p*_βₖ(vₖ) − log p*_βₖ₋₁(vₖ). The estimate of Z is unbiased; log Ẑ tends to
/// underestimate log Z when the weights have a large variance. For Gaussian visible units the base model is N(b_A, I),
/// Z₀ = 2ᴴ (2π)^(V/2), and p_β(v) ∝ e^(−½‖v‖² + ((1 − β)·b_A + β·b)ᵀv − ½((1 − β)‖b_A‖² + β‖b‖²)) Πⱼ (1 + e^(β·(cⱼ + Wⱼv))):
/// the same increments plus a constant, and the transitions draw v from N(β·(b + Wᵀh) + (1 − β)·b_A, I).
/// </summary>
/// <example>
/// <code>
/// var ais = AnnealedImportanceSampling.Estimate(rbm, AisSchedule.Standard(14500), runs: 100, new Generator(1));
/// double testLl = -rbm.FreeEnergy(testImages).Mean().Item() - ais.LogZ;   // nats per image
/// </code>
/// </example>
public static class AnnealedImportanceSampling
{
    /// <summary>Estimates log Z of <paramref name="rbm"/> with <paramref name="runs"/> parallel runs along <paramref name="schedule"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 runs (the interval needs a spread).</exception>
    public static AisEstimate Estimate(RbmParameters rbm, AisSchedule schedule, int runs, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 2);
        using var _ = Autograd.NoGrad();
        var baseLogits = rbm.BaseRateLogits;
        var bias = rbm.VisibleBias;
        var betas = schedule.Betas;
        bool gaussian = rbm.Units == VisibleUnits.Gaussian;
        double logZBase = rbm.Hidden * Math.Log(2) + (gaussian
            ? 0.5 * rbm.Visible * Math.Log(2 * Math.PI)
            : baseLogits.Softplus().Sum().Item());
        // Gaussian units: the β-dependent normaliser −½((1 − β)‖b_A‖² + β‖b‖²) summed over the whole schedule.
        double shift = gaussian ? -0.5 * ((double)bias.Square().Sum().Item() - baseLogits.Square().Sum().Item()) : 0;
        var logW = Enumerable.Repeat(shift, runs).ToArray();
        var v = Visible(rbm, baseLogits.Expand(runs, rbm.Visible), gen);
        var biasGap = bias - baseLogits;   // ∂/∂β of the visible term
        for (int k = 1; k < betas.Count; k++)
        {
            float now = (float)betas[k], before = (float)betas[k - 1];
            var a = v.Linear(rbm.Weight, rbm.HiddenBias);                       // [M, H]
            var increment = v.MatMul(biasGap) * (now - before)
                + ((a * now).Softplus() - (a * before).Softplus()).Sum(1);      // [M]
            var inc = increment.Data;
            for (int m = 0; m < runs; m++) logW[m] += inc[m];
            if (k == betas.Count - 1) break;
            var h = Tensor.Bernoulli((a * now).Sigmoid(), gen);
            var visibleInput = h.MatMul(rbm.Weight) * now + (bias * now + baseLogits * (1 - now));
            v = Visible(rbm, visibleInput, gen);
        }
        return FromLogWeights(logW, logZBase, schedule.Temperatures);
    }

    /// <summary>Visible states drawn given their input: Bernoulli(σ(input)), or N(input, I) for Gaussian units.</summary>
    private static Tensor Visible(RbmParameters rbm, Tensor input, Generator gen)
        => rbm.SampleVisibleFromMean(rbm.Units == VisibleUnits.Gaussian ? input : input.Sigmoid(), gen);

    /// <summary>The estimate and its ±3σ̂ interval from the log weights of the runs and the exact log Z₀.</summary>
    /// <exception cref="ArgumentException">Fewer than two weights, or a weight that is not finite.</exception>
    public static AisEstimate FromLogWeights(IReadOnlyList<double> logWeights, double logZBase, int temperatures)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        if (logWeights.Count < 2) throw new ArgumentException("AIS: the interval needs at least two runs.", nameof(logWeights));
        if (logWeights.Any(w => !double.IsFinite(w))) throw new ArgumentException("AIS: a log importance weight is not finite.", nameof(logWeights));
        double max = logWeights.Max();
        var r = logWeights.Select(w => Math.Exp(w - max)).ToArray();
        double mean = r.Average();
        double variance = r.Sum(x => (x - mean) * (x - mean)) / (r.Length - 1);
        double se = Math.Sqrt(variance / r.Length);
        double offset = max + logZBase;
        double low = mean - 3 * se > 0 ? Math.Log(mean - 3 * se) + offset : double.NegativeInfinity;
        return new AisEstimate(Math.Log(mean) + offset, low, Math.Log(mean + 3 * se) + offset, logZBase, logWeights.ToArray(), temperatures);
    }
}
