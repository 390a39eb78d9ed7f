using Latent.Linalg;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// A full-covariance Gaussian fitted to latent codes, to sample new codes from: the "PCA in latent space" way of
/// turning a plain autoencoder into a (crude) generator. Fitted in double; a small ridge keeps the covariance
/// positive definite when codes are degenerate.
/// </summary>
/// <example>
/// <code>
/// var gaussian = LatentGaussian.Fit(model.Encode(images));
/// Tensor samples = model.Decode(gaussian.Sample(64, rng));
/// </code>
/// </example>
public sealed class LatentGaussian
{
    private readonly Cholesky _factor;

    private LatentGaussian(double[] mean, double[,] covariance, Cholesky factor)
    {
        Mean = mean;
        Covariance = covariance;
        _factor = factor;
    }

    /// <summary>The mean code.</summary>
    public double[] Mean { get; }

    /// <summary>The covariance of the codes (ridge included).</summary>
    public double[,] Covariance { get; }

    /// <summary>The latent dimension.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Fits mean and covariance (1/(N − 1) normalization) to the rows of <paramref name="codes"/> [N, d].</summary>
    /// <param name="codes">Latent codes, one per row.</param>
    /// <param name="ridge">Added to the covariance diagonal, relative to its mean diagonal value.</param>
    /// <exception cref="ArgumentException">Fewer than two codes.</exception>
    public static LatentGaussian Fit(Tensor codes, double ridge = 1e-6)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(codes);
        if (n < 2) throw new ArgumentException($"LatentGaussian: need at least two codes, got {n}.", nameof(codes));
        var mean = DenseMatrices.ColumnMeans(codes);
        var cov = DenseMatrices.Scatter(codes, mean);
        double trace = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++) cov[i, j] /= n - 1;
            trace += cov[i, i];
        }
        double jitter = ridge * Math.Max(trace / d, 1e-12);
        for (int i = 0; i < d; i++) cov[i, i] += jitter;
        return new LatentGaussian(mean, cov, Cholesky.Decompose(cov));
    }

    /// <summary>Draws <paramref name="count"/> codes μ + L·ε, ε ~ N(0, I), as [count, d].</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int d = Dimension;
        var result = Tensor.Zeros(count, d);
        var dst = result.Data;
        var eps = new double[d];
        for (int r = 0; r < count; r++)
        {
            for (int j = 0; j < d; j++) eps[j] = gen.NextNormal();
            var x = _factor.MultiplyLower(eps);
            for (int j = 0; j < d; j++) dst[r * d + j] = (float)(Mean[j] + x[j]);
        }
        return result;
    }
}
