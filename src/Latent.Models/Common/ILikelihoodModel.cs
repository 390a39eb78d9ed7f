using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>Whether a model's log-likelihood is the exact value or a bound on it.</summary>
public enum LikelihoodKind
{
    /// <summary>log p(x) itself (flows, autoregressive models, mixtures).</summary>
    Exact,

    /// <summary>A lower bound on log p(x) (the ELBO of a VAE).</summary>
    LowerBound,

    /// <summary>A stochastic estimate (annealed importance sampling of an RBM's partition function).</summary>
    Estimate,
}

/// <summary>A model that scores data: log p(x) in nats per example, exact or a bound (see <see cref="Kind"/>).</summary>
public interface ILikelihoodModel
{
    /// <summary>What <see cref="LogLikelihood"/> returns.</summary>
    LikelihoodKind Kind { get; }

    /// <summary>log p(x) in nats for each example of <paramref name="x"/> [N, ...] as [N], without a graph.</summary>
    /// <param name="x">Examples in the data's range.</param>
    /// <param name="gen">Randomness of a stochastic bound or estimate (unused by exact models).</param>
    Tensor LogLikelihood(Tensor x, Generator gen);
}

/// <summary>
/// A latent-variable model with an amortized proposal q(z | x): what importance-weighted bounds need. Each weight is
/// log p(x, zₖ) − log q(zₖ | x) for zₖ ~ q(z | x).
/// </summary>
public interface IImportanceWeightedModel
{
    /// <summary>The log importance weights [N, K] of <paramref name="samples"/> draws per example of <paramref name="x"/>, without a graph.</summary>
    Tensor LogImportanceWeights(Tensor x, int samples, Generator gen);
}
