using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A mixture of multivariate Bernoulli distributions p(x) = Σₖ πₖ Πᵢ μₖᵢ^xᵢ (1 − μₖᵢ)^(1 − xᵢ) over binary vectors
/// (Bishop §9.3.3), fitted by EM. The M-step adds a Beta(1 + a, 1 + a) prior's pseudo-counts a to every mean
/// (a = 0 is maximum likelihood), so EM never lowers the penalized likelihood and no μ reaches 0 or 1.
/// </summary>
/// <example>
/// <code>
/// var mixture = BernoulliMixture.Random(components: 10, dimension: 784, new Generator(1));
/// for (int i = 0; i &lt; 20; i++) mixture = mixture.EmStep(binaryRows, pseudocount: 1e-2, out double meanLogLikelihood);
/// </code>
/// </example>
public sealed class BernoulliMixture
{
    private readonly double[] _logWeights;
    private readonly double[][] _logOn, _logOff;

    /// <summary>A mixture of the given weights and means.</summary>
    /// <exception cref="ArgumentException">Counts disagree, a weight is negative, the weights do not sum to 1, or a mean is outside (0, 1).</exception>
    public BernoulliMixture(double[] weights, double[][] means)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        if (weights.Length == 0 || weights.Length != means.Length)
            throw new ArgumentException($"Bernoulli mixture: {weights.Length} weights for {means.Length} components.", nameof(means));
        Probabilities.RequireDistribution(weights, "Bernoulli mixture: the weights");
        int d = means[0].Length;
        foreach (var m in means)
            if (m.Length != d || m.Any(v => !(v > 0 && v < 1))) throw new ArgumentException("Bernoulli mixture: every mean must have the same length and lie in (0, 1).", nameof(means));
        Weights = (double[])weights.Clone();
        Means = means.Select(m => (double[])m.Clone()).ToArray();
        _logWeights = weights.Select(v => Math.Log(v)).ToArray();
        _logOn = Means.Select(m => m.Select(v => Math.Log(v)).ToArray()).ToArray();
        _logOff = Means.Select(m => m.Select(v => Math.Log(1 - v)).ToArray()).ToArray();
    }

    /// <summary>The mixing weights πₖ.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The means μₖ (each feature's probability of being 1).</summary>
    public IReadOnlyList<double[]> Means { get; }

    /// <summary>The number of components K.</summary>
    public int ComponentCount => Weights.Count;

    /// <summary>The number of binary dimensions D.</summary>
    public int Dimension => Means[0].Length;

    /// <summary>The number of free parameters K − 1 + K·D.</summary>
    public int ParameterCount => ComponentCount - 1 + ComponentCount * Dimension;

    /// <summary>Equal weights and means drawn uniformly from [0.25, 0.75] (Bishop's start).</summary>
    public static BernoulliMixture Random(int components, int dimension, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(components);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var means = Enumerable.Range(0, components).Select(_ => Enumerable.Range(0, dimension).Select(_ => 0.25 + 0.5 * gen.NextDouble()).ToArray()).ToArray();
        return new BernoulliMixture(Enumerable.Repeat(1.0 / components, components).ToArray(), means);
    }

    /// <summary>log πₖ + log p(x | k) for every k into <paramref name="result"/>; returns log p(x). Entries of x above ½ count as 1.</summary>
    public double ComponentLogJoint(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != Dimension) throw new ArgumentException($"Bernoulli mixture: a row of {x.Length} values, the mixture has {Dimension}.", nameof(x));
        double max = double.NegativeInfinity;
        for (int k = 0; k < ComponentCount; k++)
        {
            double s = _logWeights[k];
            var on = _logOn[k];
            var off = _logOff[k];
            for (int i = 0; i < x.Length; i++) s += x[i] > 0.5 ? on[i] : off[i];
            result[k] = s;
            max = Math.Max(max, s);
        }
        double sum = 0;
        foreach (double v in result) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>log p(x) (exact, in nats).</summary>
    public double LogDensity(ReadOnlySpan<double> x) => ComponentLogJoint(x, new double[ComponentCount]);

    /// <summary>Draws binary vectors: k ~ π, then each xᵢ ~ Bernoulli(μₖᵢ). Also returns the components.</summary>
    public (double[][] Points, int[] Components) Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var points = new double[count][];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int k = labels[n] = GaussianMixture.Categorical(Weights, gen.NextDouble());
            points[n] = Means[k].Select(m => gen.NextDouble() < m ? 1.0 : 0.0).ToArray();
        }
        return (points, labels);
    }

    /// <summary>One EM iteration over <paramref name="rows"/>; <paramref name="meanLogLikelihood"/> is the mean log p(x) under this (the old) mixture.</summary>
    public BernoulliMixture EmStep(IReadOnlyList<double[]> rows, double pseudocount, out double meanLogLikelihood)
    {
        var stats = new BernoulliMixtureStatistics(this);
        foreach (var row in rows) stats.Add(row);
        meanLogLikelihood = stats.MeanLogLikelihood;
        return stats.Maximize(pseudocount);
    }
}

/// <summary>
/// The E-step's sufficient statistics of a <see cref="BernoulliMixture"/>, accumulated row by row (so a model can
/// stream batches): the responsibility mass of each component and its responsibility-weighted sum of x.
/// </summary>
public sealed class BernoulliMixtureStatistics
{
    private readonly BernoulliMixture _mixture;
    private readonly double[] _buffer;

    /// <summary>Empty statistics under <paramref name="mixture"/>.</summary>
    public BernoulliMixtureStatistics(BernoulliMixture mixture)
    {
        _mixture = mixture ?? throw new ArgumentNullException(nameof(mixture));
        Mass = new double[mixture.ComponentCount];
        Ones = Enumerable.Range(0, mixture.ComponentCount).Select(_ => new double[mixture.Dimension]).ToArray();
        _buffer = new double[mixture.ComponentCount];
    }

    /// <summary>Σₙ γₙₖ.</summary>
    public double[] Mass { get; }

    /// <summary>Σₙ γₙₖ xₙ.</summary>
    public double[][] Ones { get; }

    /// <summary>Σₙ log p(xₙ) under the mixture.</summary>
    public double LogLikelihood { get; set; }

    /// <summary>The rows added.</summary>
    public long Count { get; set; }

    /// <summary>The mean log-likelihood of the rows added.</summary>
    public double MeanLogLikelihood => LogLikelihood / Count;

    /// <summary>Adds one row's responsibilities; returns its log p(x).</summary>
    public double Add(ReadOnlySpan<double> x)
    {
        double lse = _mixture.ComponentLogJoint(x, _buffer);
        for (int k = 0; k < _buffer.Length; k++)
        {
            double r = Math.Exp(_buffer[k] - lse);
            if (r < 1e-12) continue;
            Mass[k] += r;
            var ones = Ones[k];
            for (int i = 0; i < x.Length; i++)
                if (x[i] > 0.5) ones[i] += r;
        }
        LogLikelihood += lse;
        Count++;
        return lse;
    }

    /// <summary>The M-step: πₖ = Nₖ/N and μₖᵢ = (Σ γ xᵢ + a)/(Nₖ + 2a), clamped to [10⁻⁶, 1 − 10⁻⁶]; an empty component keeps its means.</summary>
    /// <exception cref="InvalidOperationException">No rows were added.</exception>
    public BernoulliMixture Maximize(double pseudocount)
    {
        if (Count == 0) throw new InvalidOperationException("Bernoulli mixture: the M-step needs at least one row.");
        if (!(pseudocount >= 0)) throw new ArgumentException($"Bernoulli mixture: pseudo-count {pseudocount} must not be negative.", nameof(pseudocount));
        double total = Mass.Sum();
        var weights = Mass.Select(m => m / total).ToArray();
        var means = new double[Mass.Length][];
        for (int k = 0; k < Mass.Length; k++)
            means[k] = Mass[k] + 2 * pseudocount > 0
                ? Ones[k].Select(v => Math.Clamp((v + pseudocount) / (Mass[k] + 2 * pseudocount), 1e-6, 1 - 1e-6)).ToArray()
                : (double[])_mixture.Means[k].Clone();
        return new BernoulliMixture(Probabilities.Normalize(weights), means);
    }
}
