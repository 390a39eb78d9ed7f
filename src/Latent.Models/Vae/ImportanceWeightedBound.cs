using Latent.Models.LatentSpace;
using Latent.Tensors;

namespace Latent.Models.Vae;

/// <summary>
/// The importance-weighted bound (Burda, Grosse and Salakhutdinov, 2016):
/// log p(x) ≥ L_K = E[log (1/K)·Σₖ p(x | zₖ)·p(zₖ) / q(zₖ | x)], zₖ ~ q(z | x). L₁ is the ELBO; L_K increases with K
/// and tends to log p(x). Used to estimate a VAE's test log-likelihood. The log-mean-exp is done in double, shifted
/// by the maximum.
/// </summary>
public static class ImportanceWeightedBound
{
    /// <summary>The K-sample bound for each row of <paramref name="x"/> [B, ...] (one draw of the K samples): double[B], in nats.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is not positive.</exception>
    public static double[] PerExample(VariationalAutoencoder model, Tensor x, int samples, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        using var _ = Autograd.NoGrad();
        int b = x.Shape[0];
        var (mean, logVar) = model.Encoder.Encode(x);
        var logWeights = new double[b][];
        for (int i = 0; i < b; i++) logWeights[i] = new double[samples];
        for (int k = 0; k < samples; k++)
        {
            var (z, eps) = GaussianMath.Reparameterize(mean, logVar, gen);
            var logW = model.LogLikelihood(model.Decoder.Forward(z), x)
                + GaussianMath.LogStandardNormal(z) - GaussianMath.LogDiagonalNormal(eps, logVar);
            var w = logW.Data;
            for (int i = 0; i < b; i++) logWeights[i][k] = w[i];
        }
        var result = new double[b];
        for (int i = 0; i < b; i++) result[i] = GaussianMath.LogMeanExp(logWeights[i]);
        return result;
    }

    /// <summary>The mean over <paramref name="x"/> [N, ...] of the K-sample bound, evaluated in batches: the estimated log-likelihood per example.</summary>
    public static double Mean(VariationalAutoencoder model, Tensor x, int samples, Generator gen, int batchSize = 256)
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
