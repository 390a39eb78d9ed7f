using Latent.Linalg;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A multivariate normal N(μ, Σ) in double precision. A full covariance is decomposed once as Σ = V·diag(λ)·Vᵀ
/// (<see cref="SymmetricEigen"/>), so that log N(x; μ, Σ) = −½(D log 2π + Σⱼ log λⱼ + ‖diag(λ)^−½·Vᵀ(x − μ)‖²) and
/// draws are μ + V·diag(λ)^½·ε; a diagonal covariance skips the decomposition.
/// </summary>
/// <example>
/// <code>
/// var g = Gaussian.Full([0, 0], new double[,] { { 2, 1 }, { 1, 2 } });
/// double lp = g.LogDensity([1, 0]);     // log N((1, 0); 0, Σ)
/// double[] x = g.Sample(new Generator(1));
/// </code>
/// </example>
public sealed class Gaussian
{
    // Full: _whiten[j, i] = V[i, j] / √λⱼ and _color[i, j] = V[i, j]·√λⱼ. Diagonal: _variances only.
    private readonly double[,]? _whiten;
    private readonly double[,]? _color;
    private readonly double[]? _variances;
    private readonly double _logNormalizer;

    private Gaussian(double[] mean, double[,] covariance, double[,]? whiten, double[,]? color, double[]? variances, double logDet)
    {
        Mean = mean;
        Covariance = covariance;
        _whiten = whiten;
        _color = color;
        _variances = variances;
        LogDeterminant = logDet;
        _logNormalizer = -0.5 * (mean.Length * GaussianMath.LogTwoPi + logDet);
    }

    /// <summary>The mean μ.</summary>
    public double[] Mean { get; }

    /// <summary>The covariance Σ (D × D; zero off the diagonal for a diagonal Gaussian).</summary>
    public double[,] Covariance { get; }

    /// <summary>log det Σ.</summary>
    public double LogDeterminant { get; }

    /// <summary>The dimension D.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Whether Σ is diagonal by construction.</summary>
    public bool IsDiagonal => _variances != null;

    /// <summary>N(μ, Σ) with a full symmetric positive-definite covariance (only its lower triangle is read).</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or Σ has an eigenvalue that is not positive.</exception>
    public static Gaussian Full(double[] mean, double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        int d = mean.Length;
        if (d == 0 || covariance.GetLength(0) != d || covariance.GetLength(1) != d)
            throw new ArgumentException($"Gaussian: covariance is {covariance.GetLength(0)}×{covariance.GetLength(1)} for a mean of length {d}.", nameof(covariance));
        var eig = SymmetricEigen.Decompose(covariance);
        var whiten = new double[d, d];
        var color = new double[d, d];
        double logDet = 0;
        for (int j = 0; j < d; j++)
        {
            double lambda = eig.Values[j];
            if (!(lambda > 0))
                throw new ArgumentException($"Gaussian: the covariance is not positive definite (eigenvalue {lambda:G4}); add a ridge to its diagonal.", nameof(covariance));
            logDet += Math.Log(lambda);
            double s = Math.Sqrt(lambda);
            for (int i = 0; i < d; i++)
            {
                whiten[j, i] = eig.Vectors[i, j] / s;
                color[i, j] = eig.Vectors[i, j] * s;
            }
        }
        var sym = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++) sym[i, j] = sym[j, i] = covariance[i, j];
        return new Gaussian((double[])mean.Clone(), sym, whiten, color, null, logDet);
    }

    /// <summary>N(μ, diag(σ²)).</summary>
    /// <exception cref="ArgumentException">Sizes disagree or a variance is not positive.</exception>
    public static Gaussian Diagonal(double[] mean, double[] variances)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variances);
        int d = mean.Length;
        if (d == 0 || variances.Length != d)
            throw new ArgumentException($"Gaussian: {variances.Length} variances for a mean of length {d}.", nameof(variances));
        var cov = new double[d, d];
        double logDet = 0;
        for (int i = 0; i < d; i++)
        {
            if (!(variances[i] > 0) || !double.IsFinite(variances[i]))
                throw new ArgumentException($"Gaussian: variance {i} is {variances[i]:G4}; variances must be positive and finite.", nameof(variances));
            cov[i, i] = variances[i];
            logDet += Math.Log(variances[i]);
        }
        return new Gaussian((double[])mean.Clone(), cov, null, null, (double[])variances.Clone(), logDet);
    }

    /// <summary>The same covariance around another mean (no new decomposition).</summary>
    /// <exception cref="ArgumentException">The mean has another length.</exception>
    public Gaussian WithMean(double[] mean)
    {
        ArgumentNullException.ThrowIfNull(mean);
        if (mean.Length != Dimension) throw new ArgumentException($"Gaussian: a mean of length {mean.Length} for D = {Dimension}.", nameof(mean));
        return new Gaussian((double[])mean.Clone(), Covariance, _whiten, _color, _variances, LogDeterminant);
    }

    /// <summary>The squared Mahalanobis distance (x − μ)ᵀΣ⁻¹(x − μ).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have D values.</exception>
    public double Mahalanobis(ReadOnlySpan<double> x)
    {
        int d = Dimension;
        if (x.Length != d) throw new ArgumentException($"Gaussian: a point of {x.Length} values for D = {d}.", nameof(x));
        double sum = 0;
        if (_variances != null)
        {
            for (int i = 0; i < d; i++)
            {
                double t = x[i] - Mean[i];
                sum += t * t / _variances[i];
            }
            return sum;
        }
        Span<double> centered = d <= 256 ? stackalloc double[d] : new double[d];
        for (int i = 0; i < d; i++) centered[i] = x[i] - Mean[i];
        var w = _whiten!;
        for (int j = 0; j < d; j++)
        {
            double s = 0;
            for (int i = 0; i < d; i++) s += w[j, i] * centered[i];
            sum += s * s;
        }
        return sum;
    }

    /// <summary>log N(x; μ, Σ).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have D values.</exception>
    public double LogDensity(ReadOnlySpan<double> x) => _logNormalizer - 0.5 * Mahalanobis(x);

    /// <summary>One draw μ + Σ^½·ε with ε ~ N(0, I) from <paramref name="gen"/>.</summary>
    public double[] Sample(Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        int d = Dimension;
        var eps = new double[d];
        for (int i = 0; i < d; i++) eps[i] = gen.NextNormal();
        var x = (double[])Mean.Clone();
        if (_variances != null)
        {
            for (int i = 0; i < d; i++) x[i] += Math.Sqrt(_variances[i]) * eps[i];
            return x;
        }
        var c = _color!;
        for (int i = 0; i < d; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += c[i, j] * eps[j];
            x[i] += s;
        }
        return x;
    }
}
