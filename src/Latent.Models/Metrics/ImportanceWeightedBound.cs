using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The importance-weighted bound (Burda, Grosse and Salakhutdinov, 2016):
/// log p(x) ≥ L_K = E[log (1/K)·Σₖ p(x, zₖ) / q(zₖ | x)], zₖ ~ q(z | x). L₁ is the ELBO; L_K increases with K
/// and tends to log p(x). Used to estimate a latent-variable model's test log-likelihood. The log-mean-exp is done in
/// double, shifted by the maximum.
/// </summary>
public static class ImportanceWeightedBound
{
    /// <summary>The K-sample bound for each row of <paramref name="x"/> [B, ...] (one draw of the K samples): double[B], in nats.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is not positive.</exception>
    public static double[] PerExample(IImportanceWeightedModel model, Tensor x, int samples, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var weights = model.LogImportanceWeights(x, samples, gen).Data;
        int b = x.Shape[0];
        var result = new double[b];
        var row = new double[samples];
        for (int i = 0; i < b; i++)
        {
            for (int k = 0; k < samples; k++) row[k] = weights[i * samples + k];
            result[i] = GaussianMath.LogMeanExp(row);
        }
        return result;
    }

    /// <summary>The mean over <paramref name="x"/> [N, ...] of the K-sample bound, evaluated in batches: the estimated log-likelihood per example.</summary>
    public static double Mean(IImportanceWeightedModel model, Tensor x, int samples, Generator gen, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int n = x.Shape[0];
        double sum = 0;
        for (int start = 0; start < n; start += batchSize)
            sum += PerExample(model, x.Narrow(0, start, Math.Min(batchSize, n - start)), samples, gen).Sum();
        return sum / n;
    }

}
