using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>How <see cref="GaussianMixture.Fit"/> fits a mixture.</summary>
/// <param name="Components">The number of components K.</param>
/// <param name="Covariance">Full, diagonal or spherical covariances.</param>
/// <param name="MaxIterations">The most EM iterations (M-steps) per restart.</param>
/// <param name="Tolerance">Stop when the mean log-likelihood per point rises by less than this.</param>
/// <param name="Regularization">Added to every covariance's diagonal (scikit-learn's <c>reg_covar</c>); keeps components from collapsing onto a point.</param>
/// <param name="Restarts">Independent k-means++ initialisations; the fit with the highest final likelihood is kept.</param>
public sealed record GaussianMixtureSettings(int Components, CovarianceKind Covariance = CovarianceKind.Full, int MaxIterations = 100,
    double Tolerance = 1e-3, double Regularization = 1e-6, int Restarts = 1)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Components < 1) throw new ArgumentException($"Gaussian mixture: need at least one component, got {Components}.");
        if (MaxIterations < 0) throw new ArgumentException($"Gaussian mixture: max iterations {MaxIterations} is negative.");
        if (!(Tolerance >= 0)) throw new ArgumentException($"Gaussian mixture: tolerance {Tolerance} must be non-negative.");
        if (!(Regularization >= 0)) throw new ArgumentException($"Gaussian mixture: regularization {Regularization} must be non-negative.");
        if (Restarts < 1) throw new ArgumentException($"Gaussian mixture: need at least one restart, got {Restarts}.");
    }
}

/// <summary>The result of <see cref="GaussianMixture.Fit"/>.</summary>
/// <param name="Mixture">The fitted mixture (the best restart).</param>
/// <param name="LogLikelihoods">Mean log-likelihood per point after initialisation and after every M-step of the kept restart; EM never lowers it.</param>
/// <param name="Converged">Whether the tolerance was reached before <see cref="GaussianMixtureSettings.MaxIterations"/>.</param>
public sealed record GaussianMixtureFit(GaussianMixture Mixture, IReadOnlyList<double> LogLikelihoods, bool Converged);

/// <summary>
/// A Gaussian mixture p(x) = Σₖ πₖ N(x; μₖ, Σₖ) in double precision, fitted by expectation–maximisation from a
/// k-means++ start (Bishop §9.2). Densities are exact; responsibilities and log p(x) use log-sum-exp.
/// </summary>
/// <example>
/// <code>
/// var fit = GaussianMixture.Fit(points, new GaussianMixtureSettings(8), new Generator(1));
/// double lp = fit.Mixture.LogDensity(points[0]);
/// var (samples, components) = fit.Mixture.Sample(1000, new Generator(2));
/// </code>
/// </example>
public sealed class GaussianMixture
{
    private readonly double[] _logWeights;

    /// <summary>A mixture of the given components.</summary>
    /// <exception cref="ArgumentException">Counts or dimensions disagree, or the weights are not a distribution.</exception>
    public GaussianMixture(double[] weights, Gaussian[] components, CovarianceKind kind)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length == 0 || weights.Length != components.Length)
            throw new ArgumentException($"Gaussian mixture: {weights.Length} weights for {components.Length} components.", nameof(weights));
        int d = components[0].Dimension;
        if (components.Any(c => c.Dimension != d)) throw new ArgumentException("Gaussian mixture: components of different dimensions.", nameof(components));
        if (weights.Any(w => !(w >= 0)) || Math.Abs(weights.Sum() - 1) > 1e-9)
            throw new ArgumentException($"Gaussian mixture: weights must be non-negative and sum to 1, got sum {weights.Sum():G6}.", nameof(weights));
        Weights = (double[])weights.Clone();
        Components = (Gaussian[])components.Clone();
        Kind = kind;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
    }

    /// <summary>The mixing weights πₖ.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The components N(μₖ, Σₖ).</summary>
    public IReadOnlyList<Gaussian> Components { get; }

    /// <summary>The covariance form.</summary>
    public CovarianceKind Kind { get; }

    /// <summary>The number of components K.</summary>
    public int ComponentCount => Components.Count;

    /// <summary>The dimension D.</summary>
    public int Dimension => Components[0].Dimension;

    /// <summary>The number of free parameters: K − 1 weights, K·D means and the covariances' entries.</summary>
    public int ParameterCount
    {
        get
        {
            int k = ComponentCount, d = Dimension;
            int cov = Kind switch { CovarianceKind.Full => d * (d + 1) / 2, CovarianceKind.Diagonal => d, _ => 1 };
            return k - 1 + k * d + k * cov;
        }
    }

    /// <summary>log πₖ + log N(x; μₖ, Σₖ) for every k, written into <paramref name="result"/>; returns log p(x).</summary>
    public double ComponentLogJoint(ReadOnlySpan<double> x, Span<double> result)
    {
        if (result.Length != ComponentCount) throw new ArgumentException($"Gaussian mixture: {result.Length} slots for {ComponentCount} components.", nameof(result));
        double max = double.NegativeInfinity;
        for (int k = 0; k < result.Length; k++)
        {
            result[k] = _logWeights[k] + Components[k].LogDensity(x);
            max = Math.Max(max, result[k]);
        }
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        for (int k = 0; k < result.Length; k++) sum += Math.Exp(result[k] - max);
        return max + Math.Log(sum);
    }

    /// <summary>log p(x) = log Σₖ πₖ N(x; μₖ, Σₖ).</summary>
    public double LogDensity(ReadOnlySpan<double> x) => ComponentLogJoint(x, new double[ComponentCount]);

    /// <summary>The posterior p(k | x) of each component (the responsibilities).</summary>
    public double[] Responsibilities(ReadOnlySpan<double> x)
    {
        var r = new double[ComponentCount];
        double lse = ComponentLogJoint(x, r);
        for (int k = 0; k < r.Length; k++) r[k] = Math.Exp(r[k] - lse);
        return r;
    }

    /// <summary>The mean of log p(x) over <paramref name="points"/>.</summary>
    public double MeanLogLikelihood(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("Gaussian mixture: no points.", nameof(points));
        var buffer = new double[ComponentCount];
        double sum = 0;
        foreach (var x in points) sum += ComponentLogJoint(x, buffer);
        return sum / points.Count;
    }

    /// <summary>The Bayesian information criterion −2·Σ log p(xᵢ) + P·log N (lower is better), for choosing K.</summary>
    public double Bic(IReadOnlyList<double[]> points)
        => -2 * MeanLogLikelihood(points) * points.Count + ParameterCount * Math.Log(points.Count);

    /// <summary>Draws <paramref name="count"/> points: a component k ~ π, then x ~ N(μₖ, Σₖ).</summary>
    public (double[][] Points, int[] Components) Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var points = new double[count][];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = Categorical(Weights, gen.NextDouble());
            points[i] = Components[labels[i]].Sample(gen);
        }
        return (points, labels);
    }

    /// <summary>
    /// Fits a mixture to <paramref name="points"/> by EM: each restart starts from k-means++ seeds refined by Lloyd
    /// iterations, then alternates E- and M-steps until the mean log-likelihood rises by less than the tolerance.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer points than components, or the settings are out of range.</exception>
    public static GaussianMixtureFit Fit(IReadOnlyList<double[]> points, GaussianMixtureSettings settings, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(gen);
        settings.Validate();
        GaussianMixtureFit? best = null;
        for (int restart = 0; restart < settings.Restarts; restart++)
        {
            var mixture = Initialize(points, settings.Components, settings.Covariance, settings.Regularization, gen);
            var history = new List<double>();
            bool converged = false;
            for (int iteration = 0; ; iteration++)
            {
                var stats = new MixtureStatistics(mixture);
                foreach (var x in points) stats.Add(x);
                history.Add(stats.MeanLogLikelihood);
                if (iteration > 0 && history[^1] - history[^2] < settings.Tolerance)
                {
                    converged = true;
                    break;
                }
                if (iteration == settings.MaxIterations) break;
                mixture = stats.Maximize(settings.Regularization);
            }
            if (best == null || history[^1] > best.LogLikelihoods[^1]) best = new GaussianMixtureFit(mixture, history, converged);
        }
        return best!;
    }

    /// <summary>
    /// Model selection by the Bayesian information criterion: a mixture of each candidate size is fitted by EM (at
    /// most <paramref name="maxIterations"/> iterations, tolerance 10⁻³) and the K of the lowest BIC
    /// −2·Σ log p(xᵢ) + P·log N is returned with every candidate's BIC.
    /// </summary>
    /// <exception cref="ArgumentException">No candidates, or a candidate larger than the number of points.</exception>
    public static (int Components, IReadOnlyDictionary<int, double> Bic) ChooseComponents(IReadOnlyList<double[]> points, IReadOnlyList<int> candidates,
        CovarianceKind kind, double regularization, Generator gen, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) throw new ArgumentException("Gaussian mixture: no candidate numbers of components.", nameof(candidates));
        var bic = new SortedDictionary<int, double>();
        foreach (int k in candidates.Distinct())
            bic[k] = Fit(points, new GaussianMixtureSettings(k, kind, maxIterations, Regularization: regularization), gen).Mixture.Bic(points);
        return (bic.MinBy(kv => kv.Value).Key, bic);
    }

    /// <summary>
    /// The starting mixture EM refines: K centres by k-means++ seeding (each next centre drawn with probability
    /// proportional to its squared distance from the nearest chosen one), up to 20 Lloyd iterations, then one M-step
    /// from the hard assignments.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer points than components.</exception>
    public static GaussianMixture Initialize(IReadOnlyList<double[]> points, int components, CovarianceKind kind, double regularization, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(gen);
        int n = points.Count;
        if (n < components) throw new ArgumentException($"Gaussian mixture: {n} points for {components} components.", nameof(points));
        var centers = KMeans.PlusPlusSeeds(points, components, gen);
        var assignment = KMeans.Lloyd(points, centers, maxIterations: 20);
        var stats = new MixtureStatistics(components, points[0].Length, kind);
        var hard = new double[components];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(hard);
            hard[assignment[i]] = 1;
            stats.AddWeighted(points[i], hard, 0);
        }
        return stats.Maximize(regularization);
    }

    internal static int Categorical(IReadOnlyList<double> probabilities, double u)
    {
        double cumulative = 0;
        for (int k = 0; k < probabilities.Count - 1; k++)
        {
            cumulative += probabilities[k];
            if (u < cumulative) return k;
        }
        return probabilities.Count - 1;
    }
}
