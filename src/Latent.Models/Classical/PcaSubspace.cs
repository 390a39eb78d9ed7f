using Latent.Linalg;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// The front end that lets a low-dimensional density model images: the top k principal components of the training
/// rows, plus an isotropic Gaussian N(0, σ²I) on the D − k dimensions orthogonal to them, σ² the mean of the
/// discarded covariance eigenvalues (as in probabilistic PCA). A density q(z) on the coordinates z = Vᵀ(x − μ) then
/// gives the exact density p(x) = q(z)·N(x − μ − Vz; 0, σ²I_{D−k}) on the full space, because V is orthonormal.
/// </summary>
public sealed class PcaSubspace
{
    /// <summary>Wraps a fitted PCA; the residual variance comes from its discarded variance.</summary>
    /// <exception cref="ArgumentException">The PCA keeps every dimension (no residual) or leaves no variance outside it.</exception>
    public PcaSubspace(Pca pca)
    {
        ArgumentNullException.ThrowIfNull(pca);
        if (pca.ComponentCount >= pca.Dimension) throw new ArgumentException("PcaSubspace: the PCA keeps every dimension; use the data itself.", nameof(pca));
        Pca = pca;
        double residual = (pca.TotalVariance - pca.ExplainedVariance.Sum()) / (pca.Dimension - pca.ComponentCount);
        ResidualVariance = Math.Max(residual, 1e-6);
    }

    /// <summary>Fits the top <paramref name="components"/> principal components of the rows of <paramref name="x"/> [N, ...].</summary>
    public static PcaSubspace Fit(Tensor x, int components) => new(Pca.Fit(x, components));

    /// <summary>The principal components.</summary>
    public Pca Pca { get; }

    /// <summary>σ², the variance of each direction orthogonal to the subspace.</summary>
    public double ResidualVariance { get; }

    /// <summary>The number of coordinates k.</summary>
    public int Components => Pca.ComponentCount;

    /// <summary>The coordinates z of each row of <paramref name="x"/> [N, ...] and the log-density of its residual.</summary>
    public (double[][] Coordinates, double[] ResidualLogDensity) Project(Tensor x)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        var z = Pca.Transform(x);
        var back = Pca.InverseTransform(z).Data;
        var src = x.Data;
        var zd = z.Data;
        int k = Components;
        var coordinates = new double[n][];
        var residual = new double[n];
        double logNorm = -0.5 * (d - k) * (GaussianMath.LogTwoPi + Math.Log(ResidualVariance));
        for (int i = 0; i < n; i++)
        {
            coordinates[i] = new double[k];
            for (int c = 0; c < k; c++) coordinates[i][c] = zd[i * k + c];
            double sq = 0;
            for (int j = 0; j < d; j++)
            {
                double t = src[i * d + j] - back[i * d + j];
                sq += t * t;
            }
            residual[i] = logNorm - 0.5 * sq / ResidualVariance;
        }
        return (coordinates, residual);
    }

    /// <summary>The points μ + V·z of the subspace for coordinates <paramref name="z"/>, as rows [N, D].</summary>
    public Tensor Reconstruct(IReadOnlyList<double[]> z)
    {
        ArgumentNullException.ThrowIfNull(z);
        int k = Components;
        var t = Tensor.Zeros(z.Count, k);
        for (int i = 0; i < z.Count; i++)
            for (int c = 0; c < k; c++) t.Data[i * k + c] = (float)z[i][c];
        return Pca.InverseTransform(t);
    }
}
