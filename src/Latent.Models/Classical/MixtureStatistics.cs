namespace Latent.Models.Classical;

/// <summary>
/// The sufficient statistics of a Gaussian mixture's M-step, accumulated point by point (or batch by batch): for each
/// component the responsibility mass Nₖ = Σᵢ rᵢₖ, the first moments Σᵢ rᵢₖ xᵢ and the second moments Σᵢ rᵢₖ xᵢxᵢᵀ
/// (only their diagonal for diagonal and spherical covariances). Accumulating over all the data with responsibilities
/// from the current mixture and calling <see cref="Maximize"/> is one EM iteration, however the data is batched.
/// </summary>
public sealed class MixtureStatistics
{
    private readonly GaussianMixture? _mixture;
    private readonly double[] _buffer;

    /// <summary>Empty statistics whose responsibilities <see cref="Add"/> takes from <paramref name="mixture"/> (the E-step).</summary>
    public MixtureStatistics(GaussianMixture mixture)
        : this((mixture ?? throw new ArgumentNullException(nameof(mixture))).ComponentCount, mixture.Dimension, mixture.Kind)
        => _mixture = mixture;

    /// <summary>Empty statistics for weighted points given with <see cref="AddWeighted"/>.</summary>
    public MixtureStatistics(int components, int dimension, CovarianceKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(components);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Components = components;
        Dimension = dimension;
        Kind = kind;
        Mass = new double[components];
        FirstMoments = new double[components][];
        SecondMoments = new double[components][];
        int second = kind == CovarianceKind.Full ? dimension * dimension : dimension;
        for (int k = 0; k < components; k++)
        {
            FirstMoments[k] = new double[dimension];
            SecondMoments[k] = new double[second];
        }
        _buffer = new double[components];
    }

    /// <summary>The number of components K.</summary>
    public int Components { get; }

    /// <summary>The dimension D.</summary>
    public int Dimension { get; }

    /// <summary>The covariance form the statistics are kept for.</summary>
    public CovarianceKind Kind { get; }

    /// <summary>Nₖ = Σᵢ rᵢₖ.</summary>
    public double[] Mass { get; }

    /// <summary>Σᵢ rᵢₖ xᵢ per component.</summary>
    public double[][] FirstMoments { get; }

    /// <summary>Σᵢ rᵢₖ xᵢxᵢᵀ per component, row-major D × D (lower triangle filled) for full covariances, else its diagonal.</summary>
    public double[][] SecondMoments { get; }

    /// <summary>The number of points added.</summary>
    public long Count { get; private set; }

    /// <summary>Σᵢ log p(xᵢ) under the mixture the responsibilities came from.</summary>
    public double LogLikelihood { get; private set; }

    /// <summary><see cref="LogLikelihood"/> per point.</summary>
    public double MeanLogLikelihood => Count == 0 ? double.NaN : LogLikelihood / Count;

    /// <summary>Adds a point with its responsibilities under the mixture given at construction; returns log p(x).</summary>
    /// <exception cref="InvalidOperationException">The statistics were made without a mixture.</exception>
    public double Add(ReadOnlySpan<double> x)
    {
        if (_mixture == null) throw new InvalidOperationException("MixtureStatistics.Add needs the mixture of the E-step; use AddWeighted.");
        double lse = _mixture.ComponentLogJoint(x, _buffer);
        for (int k = 0; k < Components; k++) _buffer[k] = Math.Exp(_buffer[k] - lse);
        AddWeighted(x, _buffer, lse);
        return lse;
    }

    /// <summary>Adds a point with given responsibilities (one per component) and its log-likelihood.</summary>
    public void AddWeighted(ReadOnlySpan<double> x, ReadOnlySpan<double> responsibilities, double logLikelihood)
    {
        int d = Dimension;
        if (x.Length != d) throw new ArgumentException($"MixtureStatistics: a point of {x.Length} values for D = {d}.", nameof(x));
        if (responsibilities.Length != Components) throw new ArgumentException($"MixtureStatistics: {responsibilities.Length} responsibilities for {Components} components.", nameof(responsibilities));
        for (int k = 0; k < Components; k++)
        {
            double r = responsibilities[k];
            if (r == 0) continue;
            Mass[k] += r;
            var m1 = FirstMoments[k];
            var m2 = SecondMoments[k];
            for (int i = 0; i < d; i++) m1[i] += r * x[i];
            if (Kind == CovarianceKind.Full)
                for (int i = 0; i < d; i++)
                {
                    double rx = r * x[i];
                    int row = i * d;
                    for (int j = 0; j <= i; j++) m2[row + j] += rx * x[j];
                }
            else
                for (int i = 0; i < d; i++) m2[i] += r * x[i] * x[i];
        }
        LogLikelihood += logLikelihood;
        Count++;
    }

    /// <summary>Adds another set of statistics of the same shape (from another batch or thread).</summary>
    public void Merge(MixtureStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Components != Components || other.Dimension != Dimension || other.Kind != Kind)
            throw new ArgumentException("MixtureStatistics.Merge: statistics of another shape.", nameof(other));
        for (int k = 0; k < Components; k++)
        {
            Mass[k] += other.Mass[k];
            for (int i = 0; i < FirstMoments[k].Length; i++) FirstMoments[k][i] += other.FirstMoments[k][i];
            for (int i = 0; i < SecondMoments[k].Length; i++) SecondMoments[k][i] += other.SecondMoments[k][i];
        }
        LogLikelihood += other.LogLikelihood;
        Count += other.Count;
    }

    /// <summary>Statistics saved from <see cref="Mass"/>, the flattened moments, <see cref="LogLikelihood"/> and <see cref="Count"/>, continuing the E-step of <paramref name="mixture"/>.</summary>
    /// <exception cref="ArgumentException">The arrays do not fit the mixture.</exception>
    public static MixtureStatistics Restore(GaussianMixture mixture, double[] mass, double[] first, double[] second, double logLikelihood, long count)
        => Fill(new MixtureStatistics(mixture), mass, first, second, logLikelihood, count);

    /// <summary>Statistics of weighted points saved from <see cref="Mass"/>, the flattened moments, <see cref="LogLikelihood"/> and <see cref="Count"/>.</summary>
    /// <exception cref="ArgumentException">The arrays do not fit the shape.</exception>
    public static MixtureStatistics Restore(int components, int dimension, CovarianceKind kind, double[] mass, double[] first, double[] second,
        double logLikelihood, long count)
        => Fill(new MixtureStatistics(components, dimension, kind), mass, first, second, logLikelihood, count);

    private static MixtureStatistics Fill(MixtureStatistics stats, double[] mass, double[] first, double[] second, double logLikelihood, long count)
    {
        ArgumentNullException.ThrowIfNull(mass);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int k = stats.Components, d1 = stats.FirstMoments[0].Length, d2 = stats.SecondMoments[0].Length;
        if (mass.Length != k || first.Length != k * d1 || second.Length != k * d2)
            throw new ArgumentException("MixtureStatistics.Restore: saved statistics do not fit the shape.", nameof(mass));
        for (int c = 0; c < k; c++)
        {
            stats.Mass[c] = mass[c];
            first.AsSpan(c * d1, d1).CopyTo(stats.FirstMoments[c]);
            second.AsSpan(c * d2, d2).CopyTo(stats.SecondMoments[c]);
        }
        stats.LogLikelihood = logLikelihood;
        stats.Count = count;
        return stats;
    }

    /// <summary>
    /// The M-step: πₖ = Nₖ/N, μₖ = Σᵢ rᵢₖxᵢ/Nₖ, Σₖ = Σᵢ rᵢₖxᵢxᵢᵀ/Nₖ − μₖμₖᵀ + λI (diagonal: its diagonal; spherical:
    /// the mean of its diagonal). A component with no mass keeps the previous mixture's parameters when there is one
    /// (else the unit covariance at the origin) and a weight of 10⁻¹²·N, so it can be revived later.
    /// </summary>
    /// <param name="regularization">λ added to every variance.</param>
    /// <exception cref="InvalidOperationException">No points were added.</exception>
    public GaussianMixture Maximize(double regularization)
    {
        if (Count == 0) throw new InvalidOperationException("MixtureStatistics: the M-step needs at least one point.");
        int d = Dimension, kCount = Components;
        const double tiny = 1e-12;
        var mass = Mass.Select(m => m + tiny * Count).ToArray();
        double totalMass = mass.Sum();
        var weights = mass.Select(m => m / totalMass).ToArray();
        var components = new Gaussian[kCount];
        for (int k = 0; k < kCount; k++)
        {
            if (Mass[k] < tiny * Count)
            {
                components[k] = _mixture?.Components[k] ?? Gaussian.Diagonal(new double[d], Enumerable.Repeat(1.0, d).ToArray());
                continue;
            }
            var mean = FirstMoments[k].Select(v => v / Mass[k]).ToArray();
            var m2 = SecondMoments[k];
            if (Kind == CovarianceKind.Full)
            {
                var cov = new double[d, d];
                for (int i = 0; i < d; i++)
                    for (int j = 0; j <= i; j++)
                    {
                        double c = m2[i * d + j] / Mass[k] - mean[i] * mean[j];
                        cov[i, j] = cov[j, i] = c;
                    }
                for (int i = 0; i < d; i++) cov[i, i] = Math.Max(cov[i, i], 0) + regularization;
                components[k] = Gaussian.Full(mean, cov);
            }
            else
            {
                var variances = new double[d];
                for (int i = 0; i < d; i++) variances[i] = Math.Max(m2[i] / Mass[k] - mean[i] * mean[i], 0) + regularization;
                if (Kind == CovarianceKind.Spherical) Array.Fill(variances, variances.Average());
                components[k] = Gaussian.Diagonal(mean, variances);
            }
        }
        return new GaussianMixture(weights, components, Kind);
    }
}
