namespace Latent.Models.Common;

/// <summary>
/// The interval a stochastic estimator gives for a likelihood estimate, as offsets to add to the mean log-likelihood
/// per example: [mean + <paramref name="Lower"/>, mean + <paramref name="Upper"/>] with Lower ≤ 0 ≤ Upper (either may be
/// infinite when the estimator cannot bound that side).
/// </summary>
/// <param name="Lower">The offset to the interval's lower end (≤ 0).</param>
/// <param name="Upper">The offset to the interval's upper end (≥ 0).</param>
/// <param name="Method">How the interval was obtained, e.g. "AIS log Z ± 3σ̂, 100 runs, 14500 temperatures".</param>
public sealed record LikelihoodInterval(double Lower, double Upper, string Method);

/// <summary>
/// A likelihood model whose log p(x) is a stochastic estimate with an interval of its own (an RBM's log Z by annealed
/// importance sampling shifts every example's log-likelihood by the same uncertain amount).
/// </summary>
public interface IEstimatedLikelihoodModel : ILikelihoodModel
{
    /// <summary>The interval of the estimate behind the last <see cref="ILikelihoodModel.LogLikelihood"/> call; null when it was exact or not yet made.</summary>
    LikelihoodInterval? EstimateInterval { get; }
}
