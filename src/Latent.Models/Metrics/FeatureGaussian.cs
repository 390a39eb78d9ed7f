using Latent.Linalg;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The Gaussian fitted to a feature matrix: mean μ and unbiased covariance Σ (divided by N − 1, as
/// <c>numpy.cov</c>), both in double. What the Fréchet distance compares.
/// </summary>
public sealed class FeatureGaussian
{
    private FeatureGaussian(double[] mean, double[,] covariance, int count)
    {
        Mean = mean;
        Covariance = covariance;
        Count = count;
    }

    /// <summary>μ, of length D.</summary>
    public double[] Mean { get; }

    /// <summary>Σ, D × D.</summary>
    public double[,] Covariance { get; }

    /// <summary>The number of feature rows it was fitted to.</summary>
    public int Count { get; }

    /// <summary>The feature dimension D.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Fits μ and Σ to the rows of <paramref name="features"/> [N, D].</summary>
    /// <exception cref="ArgumentException">Fewer than two rows, or a non-finite value.</exception>
    public static FeatureGaussian Fit(Tensor features)
    {
        var (n, d) = FeatureMatrix.Check(features, nameof(features));
        if (n < 2) throw new ArgumentException($"FeatureGaussian: need at least 2 feature rows, got {n}.", nameof(features));
        var mean = DenseMatrices.ColumnMeans(features);
        var scatter = DenseMatrices.Scatter(features, mean);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) scatter[i, j] /= n - 1;
        return new FeatureGaussian(mean, scatter, n);
    }

    /// <summary>A Gaussian with the given moments (for closed-form checks); the arrays are copied.</summary>
    /// <exception cref="ArgumentException">The covariance is not D × D for a mean of length D.</exception>
    public static FeatureGaussian FromMoments(double[] mean, double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        if (covariance.GetLength(0) != mean.Length || covariance.GetLength(1) != mean.Length)
            throw new ArgumentException($"FeatureGaussian: covariance {covariance.GetLength(0)}×{covariance.GetLength(1)} for a mean of length {mean.Length}.");
        return new FeatureGaussian((double[])mean.Clone(), (double[,])covariance.Clone(), 0);
    }
}
