using Latent.Linalg;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// Principal component analysis in double precision: the mean, and the top eigenvectors of the sample covariance
/// (1/(N − 1)·Σ (x − μ)(x − μ)ᵀ) found by <see cref="SymmetricEigen"/>. Rows of any shape [N, ...] are flattened.
/// </summary>
/// <example>
/// <code>
/// var pca = Pca.Fit(images, components: 2);
/// Tensor xy = pca.Transform(images);          // [N, 2]
/// Tensor back = pca.InverseTransform(xy);     // [N, 784], the projection onto the 2-D principal subspace
/// </code>
/// </example>
public sealed class Pca
{
    private Pca(double[] mean, double[,] components, double[] variances, double totalVariance)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = variances;
        TotalVariance = totalVariance;
    }

    /// <summary>The mean row μ (length D).</summary>
    public double[] Mean { get; }

    /// <summary>The principal directions as rows, k × D, orthonormal, by decreasing variance.</summary>
    public double[,] Components { get; }

    /// <summary>The variance along each component (the covariance eigenvalues), largest first.</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>The total variance (trace of the covariance).</summary>
    public double TotalVariance { get; }

    /// <summary>The number of components k.</summary>
    public int ComponentCount => ExplainedVariance.Length;

    /// <summary>The input dimension D.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Fits the top <paramref name="components"/> principal components of the rows of <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than two rows, or k outside 1 … D.</exception>
    public static Pca Fit(Tensor x, int components)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        if (n < 2) throw new ArgumentException($"Pca: need at least two rows, got {n}.", nameof(x));
        if (components < 1 || components > d)
            throw new ArgumentException($"Pca: components must be in 1…{d}, got {components}.", nameof(components));
        var mean = DenseMatrices.ColumnMeans(x);
        var cov = DenseMatrices.Scatter(x, mean);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) cov[i, j] /= n - 1;
        return FromCovariance(mean, cov, components);
    }

    /// <summary>PCA from a known mean and covariance (D × D, symmetric).</summary>
    /// <exception cref="ArgumentException">Sizes disagree or k is outside 1 … D.</exception>
    public static Pca FromCovariance(double[] mean, double[,] covariance, int components)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        int d = mean.Length;
        if (covariance.GetLength(0) != d || covariance.GetLength(1) != d)
            throw new ArgumentException($"Pca: covariance is {covariance.GetLength(0)}×{covariance.GetLength(1)} for a mean of length {d}.", nameof(covariance));
        if (components < 1 || components > d)
            throw new ArgumentException($"Pca: components must be in 1…{d}, got {components}.", nameof(components));
        var eig = SymmetricEigen.Decompose(covariance);
        var rows = new double[components, d];
        for (int c = 0; c < components; c++)
        {
            // Fix the sign so the largest-magnitude coordinate is positive: the result does not depend on the solver.
            int arg = 0;
            for (int i = 1; i < d; i++)
                if (Math.Abs(eig.Vectors[i, c]) > Math.Abs(eig.Vectors[arg, c])) arg = i;
            double sign = eig.Vectors[arg, c] < 0 ? -1 : 1;
            for (int i = 0; i < d; i++) rows[c, i] = sign * eig.Vectors[i, c];
        }
        double total = 0;
        for (int i = 0; i < d; i++) total += covariance[i, i];
        return new Pca((double[])mean.Clone(), rows, eig.Values[..components], total);
    }

    /// <summary>The coordinates (x − μ)·Vᵀ of the rows of <paramref name="x"/> [N, ...] along the components: [N, k].</summary>
    /// <exception cref="ArgumentException">Rows do not have D values.</exception>
    public Tensor Transform(Tensor x)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        if (d != Dimension) throw new ArgumentException($"Pca.Transform: rows of {d} values, fitted on {Dimension}.", nameof(x));
        int k = ComponentCount;
        var result = Tensor.Zeros(n, k);
        var src = x.Data;
        var dst = result.Data;
        var centered = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++) centered[j] = src[r * d + j] - Mean[j];
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += centered[j] * Components[c, j];
                dst[r * k + c] = (float)s;
            }
        }
        return result;
    }

    /// <summary>μ + z·V for coordinates <paramref name="z"/> [N, k]: points of the principal subspace, [N, D].</summary>
    /// <exception cref="ArgumentException"><paramref name="z"/> is not [N, k].</exception>
    public Tensor InverseTransform(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        int k = ComponentCount, d = Dimension;
        if (z.Rank != 2 || z.Shape[1] != k)
            throw new ArgumentException($"Pca.InverseTransform: expected [N, {k}], got {ShapeText.Format(z.Shape)}.", nameof(z));
        int n = z.Shape[0];
        var result = Tensor.Zeros(n, d);
        var src = z.Data;
        var dst = result.Data;
        for (int r = 0; r < n; r++)
            for (int j = 0; j < d; j++)
            {
                double s = Mean[j];
                for (int c = 0; c < k; c++) s += src[r * k + c] * Components[c, j];
                dst[r * d + j] = (float)s;
            }
        return result;
    }
}
