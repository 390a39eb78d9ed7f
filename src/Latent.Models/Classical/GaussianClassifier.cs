using Latent.Linalg;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A Gaussian generative classifier (Bishop §4.2): class priors πₖ and class-conditional densities
/// p(x | Cₖ) = N(x; μₖ, Σₖ), fitted in closed form, classifying by Bayes' rule p(Cₖ | x) ∝ πₖ·p(x | Cₖ). With one
/// shared covariance the log-odds are linear, p(C₁ | x) = σ(wᵀx + w₀) with w = Σ⁻¹(μ₁ − μ₂) (linear discriminant
/// analysis); with a covariance per class they are quadratic; with diagonal covariances it is Gaussian naive Bayes.
/// </summary>
/// <example>
/// <code>
/// var stats = GaussianClassifier.Accumulate(points, labels, classes: 2, ClassCovariance.Shared);
/// var classifier = GaussianClassifier.Fit(stats, ClassCovariance.Shared);
/// int label = classifier.Predict(points[0]);
/// var (w, b) = classifier.LinearDiscriminants();   // log πₖp(x|Cₖ) = wₖᵀx + bₖ + a term shared by all classes
/// </code>
/// </example>
public sealed class GaussianClassifier : GenerativeClassifier
{
    private readonly double[] _logPriors;

    private GaussianClassifier(double[] priors, Gaussian[] classes, ClassCovariance covariance)
    {
        Priors = priors;
        Classes = classes;
        Covariance = covariance;
        _logPriors = priors.Select(p => Math.Log(p)).ToArray();
    }

    /// <summary>The class priors πₖ (relative class frequencies).</summary>
    public IReadOnlyList<double> Priors { get; }

    /// <summary>The class-conditional Gaussians p(x | Cₖ).</summary>
    public IReadOnlyList<Gaussian> Classes { get; }

    /// <summary>How the covariances are shared.</summary>
    public ClassCovariance Covariance { get; }

    /// <summary>The number of classes K.</summary>
    public override int ClassCount => Classes.Count;

    /// <summary>The dimension D.</summary>
    public int Dimension => Classes[0].Dimension;

    /// <summary>The per-class statistics of labelled rows: counts, sums and second moments (full, or only their diagonal for naive Bayes).</summary>
    /// <exception cref="ArgumentException">Counts disagree or a label is outside [0, classes).</exception>
    public static MixtureStatistics Accumulate(IReadOnlyList<double[]> points, IReadOnlyList<int> labels, int classes, ClassCovariance covariance)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Count == 0 || points.Count != labels.Count)
            throw new ArgumentException($"Gaussian classifier: {points.Count} points and {labels.Count} labels.", nameof(labels));
        var stats = new MixtureStatistics(classes, points[0].Length, covariance == ClassCovariance.NaiveBayes ? CovarianceKind.Diagonal : CovarianceKind.Full);
        Add(stats, points, labels);
        return stats;
    }

    /// <summary>Adds labelled rows to per-class statistics made by <see cref="Accumulate"/>.</summary>
    /// <exception cref="ArgumentException">A label is outside [0, classes).</exception>
    public static void Add(MixtureStatistics stats, IReadOnlyList<double[]> points, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        var onehot = new double[stats.Components];
        for (int i = 0; i < points.Count; i++)
        {
            int y = labels[i];
            if (y < 0 || y >= stats.Components) throw new ArgumentException($"Gaussian classifier: label {y} outside [0, {stats.Components}).", nameof(labels));
            onehot[y] = 1;
            stats.AddWeighted(points[i], onehot, 0);
            onehot[y] = 0;
        }
    }

    /// <summary>
    /// The closed-form maximum-likelihood fit from per-class statistics: πₖ = Nₖ/N, μₖ the class means, Σₖ the class
    /// covariances (divided by Nₖ) or, shared, the pooled within-class covariance Σₖ Nₖ/N·Σₖ. Each covariance is
    /// shrunk, (1 − α)Σ + α·(tr Σ / D)·I, and every variance gets ε = <paramref name="varSmoothing"/> × the largest
    /// feature variance of all the data (as scikit-learn's GaussianNB).
    /// </summary>
    /// <exception cref="ArgumentException">A class has no rows, or a covariance is singular (raise the smoothing or the shrinkage).</exception>
    public static GaussianClassifier Fit(MixtureStatistics stats, ClassCovariance covariance, double shrinkage = 0, double varSmoothing = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (!(shrinkage is >= 0 and <= 1)) throw new ArgumentException($"Gaussian classifier: shrinkage {shrinkage} outside [0, 1].", nameof(shrinkage));
        int k = stats.Components, d = stats.Dimension;
        bool full = stats.Kind == CovarianceKind.Full;
        if (covariance != ClassCovariance.NaiveBayes && !full)
            throw new ArgumentException("Gaussian classifier: full covariances need full second moments.", nameof(stats));
        for (int c = 0; c < k; c++)
            if (!(stats.Mass[c] > 0)) throw new ArgumentException($"Gaussian classifier: class {c} has no examples.", nameof(stats));
        double n = stats.Mass.Sum();
        // The largest variance of a feature over all the data, for the smoothing ε.
        double maxVariance = 0;
        for (int i = 0; i < d; i++)
        {
            double m1 = 0, m2 = 0;
            for (int c = 0; c < k; c++)
            {
                m1 += stats.FirstMoments[c][i];
                m2 += stats.SecondMoments[c][full ? i * d + i : i];
            }
            maxVariance = Math.Max(maxVariance, m2 / n - (m1 / n) * (m1 / n));
        }
        double epsilon = varSmoothing * maxVariance;
        var means = new double[k][];
        var covariances = new double[k][,];
        for (int c = 0; c < k; c++)
        {
            double nc = stats.Mass[c];
            means[c] = stats.FirstMoments[c].Select(v => v / nc).ToArray();
            var cov = new double[d, d];
            var m2 = stats.SecondMoments[c];
            for (int i = 0; i < d; i++)
                if (full)
                    for (int j = 0; j <= i; j++) cov[i, j] = cov[j, i] = m2[i * d + j] / nc - means[c][i] * means[c][j];
                else cov[i, i] = m2[i] / nc - means[c][i] * means[c][i];
            covariances[c] = cov;
        }
        if (covariance == ClassCovariance.Shared)
        {
            var pooled = new double[d, d];
            for (int c = 0; c < k; c++)
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) pooled[i, j] += stats.Mass[c] / n * covariances[c][i, j];
            for (int c = 0; c < k; c++) covariances[c] = pooled;
        }
        var gaussians = new Gaussian[k];
        Gaussian? shared = null;
        for (int c = 0; c < k; c++)
        {
            var cov = Regularize(covariances[c], shrinkage, epsilon);
            if (covariance == ClassCovariance.NaiveBayes)
                gaussians[c] = Gaussian.Diagonal(means[c], Enumerable.Range(0, d).Select(i => cov[i, i]).ToArray());
            else if (covariance == ClassCovariance.Shared)
            {
                shared ??= Gaussian.Full(new double[d], cov);
                gaussians[c] = shared.WithMean(means[c]);
            }
            else gaussians[c] = Gaussian.Full(means[c], cov);
        }
        return new GaussianClassifier(stats.Mass.Select(m => m / n).ToArray(), gaussians, covariance);
    }

    private static double[,] Regularize(double[,] cov, double shrinkage, double epsilon)
    {
        int d = cov.GetLength(0);
        double meanVariance = 0;
        for (int i = 0; i < d; i++) meanVariance += cov[i, i] / d;
        var result = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) result[i, j] = (1 - shrinkage) * cov[i, j] + (i == j ? shrinkage * meanVariance + epsilon : 0);
        return result;
    }

    /// <inheritdoc />
    protected override double LogJointOf(ReadOnlySpan<double> x, int c) => _logPriors[c] + Classes[c].LogDensity(x);

    /// <summary>
    /// For a shared covariance, the linear discriminants wₖ = Σ⁻¹μₖ and bₖ = −½μₖᵀΣ⁻¹μₖ + log πₖ: log πₖp(x | Cₖ) =
    /// wₖᵀx + bₖ + a term that does not depend on k, so p(Cₖ | x) = softmax(Wx + b) and, for two classes,
    /// p(C₁ | x) = σ((w₁ − w₂)ᵀx + b₁ − b₂).
    /// </summary>
    /// <exception cref="InvalidOperationException">The covariances are not shared.</exception>
    public (double[][] Weights, double[] Biases) LinearDiscriminants()
    {
        if (Covariance != ClassCovariance.Shared) throw new InvalidOperationException("Linear discriminants need a shared covariance.");
        var chol = Cholesky.Decompose(Classes[0].Covariance);
        var weights = new double[ClassCount][];
        var biases = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            var w = (double[])Classes[c].Mean.Clone();
            chol.SolveInPlace(w);
            weights[c] = w;
            double quad = 0;
            for (int i = 0; i < w.Length; i++) quad += w[i] * Classes[c].Mean[i];
            biases[c] = -0.5 * quad + _logPriors[c];
        }
        return (weights, biases);
    }

    /// <summary>One draw x ~ p(x | C<sub>label</sub>).</summary>
    public double[] Sample(int label, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, ClassCount);
        return Classes[label].Sample(gen);
    }
}
