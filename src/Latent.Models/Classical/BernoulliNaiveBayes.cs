namespace Latent.Models.Classical;

/// <summary>
/// Bernoulli naive Bayes (Bishop §4.2.3): class priors πₖ and, given the class, independent binary features with
/// p(xᵢ = 1 | Cₖ) = μₖᵢ, fitted in closed form with additive (Laplace) smoothing μₖᵢ = (Nₖᵢ + α)/(Nₖ + 2α). The log-odds
/// are linear in x, as for the shared-covariance Gaussian classifier. Features are binarized at a threshold.
/// </summary>
/// <example>
/// <code>
/// var nb = BernoulliNaiveBayes.Fit(rows, labels, classes: 10, alpha: 1, threshold: 0.5);
/// double accuracy = nb.Accuracy(testRows, testLabels);
/// </code>
/// </example>
public sealed class BernoulliNaiveBayes : GenerativeClassifier
{
    private readonly double[][] _logOn, _logOff;
    private readonly double[] _logPriors;

    private BernoulliNaiveBayes(double[] priors, double[][] probabilities, double threshold)
    {
        Priors = priors;
        Probabilities = probabilities;
        Threshold = threshold;
        _logPriors = priors.Select(v => Math.Log(v)).ToArray();
        _logOn = probabilities.Select(m => m.Select(v => Math.Log(v)).ToArray()).ToArray();
        _logOff = probabilities.Select(m => m.Select(v => Math.Log(1 - v)).ToArray()).ToArray();
    }

    /// <summary>The class priors πₖ.</summary>
    public IReadOnlyList<double> Priors { get; }

    /// <summary>μₖᵢ = p(xᵢ = 1 | Cₖ), per class.</summary>
    public IReadOnlyList<double[]> Probabilities { get; }

    /// <summary>A feature counts as 1 when it exceeds this value.</summary>
    public double Threshold { get; }

    /// <summary>The number of classes K.</summary>
    public override int ClassCount => Priors.Count;

    /// <summary>Fits priors and smoothed feature probabilities to labelled rows.</summary>
    /// <exception cref="ArgumentException">Counts disagree, a label is outside [0, classes), a class has no rows, or α is negative.</exception>
    public static BernoulliNaiveBayes Fit(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int classes, double alpha = 1, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0 || rows.Count != labels.Count) throw new ArgumentException($"Bernoulli naive Bayes: {rows.Count} rows and {labels.Count} labels.", nameof(labels));
        if (!(alpha >= 0)) throw new ArgumentException($"Bernoulli naive Bayes: smoothing α = {alpha} must not be negative.", nameof(alpha));
        int d = rows[0].Length;
        var counts = new double[classes];
        var on = Enumerable.Range(0, classes).Select(_ => new double[d]).ToArray();
        for (int n = 0; n < rows.Count; n++)
        {
            int y = labels[n];
            if (y < 0 || y >= classes) throw new ArgumentException($"Bernoulli naive Bayes: label {y} outside [0, {classes}).", nameof(labels));
            if (rows[n].Length != d) throw new ArgumentException($"Bernoulli naive Bayes: row {n} has {rows[n].Length} values, row 0 has {d}.", nameof(rows));
            counts[y]++;
            for (int i = 0; i < d; i++)
                if (rows[n][i] > threshold) on[y][i]++;
        }
        return FromCounts(counts, on, alpha, threshold);
    }

    /// <summary>The classifier of class counts Nₖ and per-feature counts Nₖᵢ of ones, smoothed by α.</summary>
    /// <exception cref="ArgumentException">A class has no examples, the arrays disagree, or α is negative.</exception>
    public static BernoulliNaiveBayes FromCounts(IReadOnlyList<double> classCounts, IReadOnlyList<double[]> onCounts, double alpha, double threshold)
    {
        ArgumentNullException.ThrowIfNull(classCounts);
        ArgumentNullException.ThrowIfNull(onCounts);
        if (!(alpha >= 0)) throw new ArgumentException($"Bernoulli naive Bayes: smoothing α = {alpha} must not be negative.", nameof(alpha));
        if (classCounts.Count != onCounts.Count) throw new ArgumentException($"Bernoulli naive Bayes: {classCounts.Count} class counts and {onCounts.Count} rows of feature counts.", nameof(onCounts));
        for (int c = 0; c < classCounts.Count; c++)
            if (classCounts[c] == 0) throw new ArgumentException($"Bernoulli naive Bayes: class {c} has no examples.", nameof(classCounts));
        double total = classCounts.Sum();
        // Clamped away from 0 and 1 so that α = 0 on a feature that never varies stays finite.
        var probabilities = onCounts.Select((row, c) => row.Select(v => Math.Clamp((v + alpha) / (classCounts[c] + 2 * alpha), 1e-10, 1 - 1e-10)).ToArray()).ToArray();
        return new BernoulliNaiveBayes(classCounts.Select(v => v / total).ToArray(), probabilities, threshold);
    }

    /// <inheritdoc />
    /// <remarks>log πₖ + Σᵢ log p(xᵢ | Cₖ), each feature on when above <see cref="Threshold"/>.</remarks>
    protected override double LogJointOf(ReadOnlySpan<double> x, int c)
    {
        double s = _logPriors[c];
        var logOn = _logOn[c];
        var logOff = _logOff[c];
        for (int i = 0; i < x.Length; i++) s += x[i] > Threshold ? logOn[i] : logOff[i];
        return s;
    }
}
