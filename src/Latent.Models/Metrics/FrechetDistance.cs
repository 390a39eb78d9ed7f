using Latent.Linalg;
using Latent.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Latent.Models.Metrics;

/// <summary>
/// The Fréchet distance between two Gaussians, ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr (Σ₁Σ₂)^½: FID (Heusel et al.,
/// 2017) when the Gaussians are fitted to the features of real and generated images. The trace term is computed
/// as Σ √λᵢ over the eigenvalues of the symmetric positive semi-definite matrix Σ₁^½ Σ₂ Σ₁^½ (which has the
/// eigenvalues of Σ₁Σ₂), with negative rounding noise clamped to zero, so it stays finite and accurate for singular
/// covariances (fewer samples than dimensions, a model that always draws the same image) where the
/// <c>scipy.linalg.sqrtm</c> route of pytorch-fid needs an ε-regularization.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The FID of two feature matrices [N, D] and [M, D] (each needs at least two rows).</summary>
    /// <exception cref="ArgumentException">Shapes do not match or the features are not finite.</exception>
    public static double Compute(Tensor features1, Tensor features2)
    {
        FeatureMatrix.CheckPair(features1, features2, nameof(features1), nameof(features2));
        return Compute(FeatureGaussian.Fit(features1), FeatureGaussian.Fit(features2));
    }

    /// <summary>The Fréchet distance of two fitted Gaussians; never negative (rounding below zero is clamped to 0).</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static double Compute(FeatureGaussian a, FeatureGaussian b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dimension != b.Dimension)
            throw new ArgumentException($"FrechetDistance: dimensions differ ({a.Dimension} and {b.Dimension}).");
        int d = a.Dimension;
        double meanTerm = 0;
        for (int i = 0; i < d; i++)
        {
            double diff = a.Mean[i] - b.Mean[i];
            meanTerm += diff * diff;
        }
        double traces = 0;
        for (int i = 0; i < d; i++) traces += a.Covariance[i, i] + b.Covariance[i, i];
        double value = meanTerm + traces - 2 * TraceOfSquareRootOfProduct(a.Covariance, b.Covariance);
        return Math.Max(0, value);
    }

    /// <summary>tr (Σ₁Σ₂)^½ = Σ √λᵢ(Σ₁^½ Σ₂ Σ₁^½) for symmetric positive semi-definite Σ₁ and Σ₂.</summary>
    public static double TraceOfSquareRootOfProduct(double[,] sigma1, double[,] sigma2)
    {
        ArgumentNullException.ThrowIfNull(sigma1);
        ArgumentNullException.ThrowIfNull(sigma2);
        var root = SymmetricSquareRoot(sigma1);
        var s2 = Matrix<double>.Build.DenseOfArray(sigma2);
        var inner = root * s2 * root;
        var symmetric = new double[inner.RowCount, inner.ColumnCount];
        for (int i = 0; i < inner.RowCount; i++)
            for (int j = 0; j < inner.ColumnCount; j++) symmetric[i, j] = 0.5 * (inner[i, j] + inner[j, i]);
        double sum = 0;
        foreach (double lambda in SymmetricEigen.Decompose(symmetric).Values) sum += Math.Sqrt(Math.Max(0, lambda));
        return sum;
    }

    private static Matrix<double> SymmetricSquareRoot(double[,] sigma)
    {
        var eig = SymmetricEigen.Decompose(sigma);
        int d = eig.Values.Length;
        var v = Matrix<double>.Build.DenseOfArray(eig.Vectors);
        var scaled = v.Clone();
        for (int j = 0; j < d; j++)
        {
            double s = Math.Sqrt(Math.Max(0, eig.Values[j]));
            for (int i = 0; i < d; i++) scaled[i, j] *= s;
        }
        return scaled * v.Transpose();
    }
}
