using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A hidden Markov model with Gaussian emissions, p(xₜ | zₜ = s) = N(xₜ; μₛ, Σₛ) with full, diagonal or spherical
/// covariances (Bishop §13.2): scaled forward–backward (each step's emission densities divided by their largest, the
/// factor kept in the log-likelihood), Viterbi in log space, sampling, and Baum–Welch, which keeps any zero of π and A
/// (so a left-to-right topology stays one) and adds a ridge λ to every variance. Starts: <see cref="LeftToRight"/>
/// (equal time segments, or random ones for restarts) and <see cref="Random"/> (fully connected); restarts keep the best
/// fit by <see cref="BaumWelchRestarts"/>.
/// </summary>
/// <example>
/// <code>
/// var hmm = GaussianHmm.LeftToRight(states: 16, sequences, varianceFloor: 1e-3, CovarianceKind.Full);
/// for (int i = 0; i &lt; 25; i++) hmm = hmm.BaumWelchStep(sequences, 1e-3, out double meanLogLikelihood);
/// var (states, steps) = hmm.Sample(32, new Generator(1));
/// </code>
/// </example>
public sealed class GaussianHmm
{
    private readonly double[] _initial;
    private readonly double[,] _transition;
    private readonly Gaussian[] _emissions;

    /// <summary>An HMM with initial distribution π, transitions A, and per-state means and (diagonal) variances.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, π or a row of A is not a distribution, or a variance is not positive.</exception>
    public GaussianHmm(double[] initial, double[,] transition, double[][] means, double[][] variances)
        : this(initial, transition, Diagonals(means, variances), CovarianceKind.Diagonal)
    {
    }

    /// <summary>An HMM with initial distribution π, transitions A and one Gaussian emission per state.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, π or a row of A is not a distribution, or the emissions differ in dimension.</exception>
    public GaussianHmm(double[] initial, double[,] transition, IReadOnlyList<Gaussian> emissions, CovarianceKind covariance)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(emissions);
        int s = initial.Length;
        if (s == 0 || transition.GetLength(0) != s || transition.GetLength(1) != s || emissions.Count != s)
            throw new ArgumentException($"Gaussian HMM: {s} states, but a {transition.GetLength(0)}×{transition.GetLength(1)} transition matrix and {emissions.Count} emissions.", nameof(transition));
        Probabilities.RequireDistribution(initial, "Gaussian HMM: the initial distribution");
        for (int i = 0; i < s; i++) Probabilities.RequireDistribution(Probabilities.Row(transition, i), $"Gaussian HMM: transition row {i}");
        int d = emissions[0].Dimension;
        for (int i = 0; i < s; i++)
            if (emissions[i].Dimension != d) throw new ArgumentException($"Gaussian HMM: state {i} emits {emissions[i].Dimension} values, state 0 emits {d}.", nameof(emissions));
        if (covariance != CovarianceKind.Full && emissions.Any(e => !e.IsDiagonal))
            throw new ArgumentException($"Gaussian HMM: {covariance} covariances need diagonal emissions.", nameof(emissions));
        _initial = (double[])initial.Clone();
        _transition = (double[,])transition.Clone();
        _emissions = [.. emissions];
        Covariance = covariance;
    }

    private static Gaussian[] Diagonals(double[][] means, double[][] variances)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(variances);
        if (means.Length != variances.Length) throw new ArgumentException($"Gaussian HMM: {means.Length} means and {variances.Length} variances.", nameof(variances));
        var result = new Gaussian[means.Length];
        for (int i = 0; i < means.Length; i++)
        {
            if (means[i].Length != means[0].Length || variances[i].Length != means[0].Length)
                throw new ArgumentException($"Gaussian HMM: state {i} has a mean or variance of the wrong length (D = {means[0].Length}).", nameof(means));
            if (variances[i].Any(v => !(v > 0) || double.IsInfinity(v))) throw new ArgumentException($"Gaussian HMM: state {i} has a variance that is not positive.", nameof(variances));
            result[i] = Gaussian.Diagonal(means[i], variances[i]);
        }
        return result;
    }

    /// <summary>The number of hidden states S.</summary>
    public int States => _initial.Length;

    /// <summary>The dimension D of an observation.</summary>
    public int Dimension => _emissions[0].Dimension;

    /// <summary>The form of the emission covariances, which Baum–Welch keeps.</summary>
    public CovarianceKind Covariance { get; }

    /// <summary>The initial probability π(s) of state <paramref name="state"/>.</summary>
    public double Initial(int state) => _initial[state];

    /// <summary>The transition probability A[from, to].</summary>
    public double Transition(int from, int to) => _transition[from, to];

    /// <summary>The emission N(μₛ, Σₛ) of state <paramref name="state"/>.</summary>
    public Gaussian Emission(int state) => _emissions[state];

    /// <summary>The emission mean μₛ of state <paramref name="state"/>.</summary>
    public IReadOnlyList<double> Mean(int state) => _emissions[state].Mean;

    /// <summary>The diagonal of Σₛ (the variances per dimension).</summary>
    public IReadOnlyList<double> Variance(int state) => Enumerable.Range(0, Dimension).Select(j => _emissions[state].Covariance[j, j]).ToArray();

    /// <summary>
    /// A left-to-right model (start in state 0; stay or move to the next) whose state s starts with the mean and
    /// covariance of the s-th of S time segments of every sequence (plus the ridge <paramref name="varianceFloor"/>).
    /// Without <paramref name="gen"/> the segments are equal and each transition ½; with it (a restart) the segment
    /// boundaries and the probabilities of staying are drawn at random.
    /// </summary>
    /// <exception cref="ArgumentException">No sequences, or one shorter than S.</exception>
    public static GaussianHmm LeftToRight(int states, IReadOnlyList<double[][]> sequences, double varianceFloor = 1e-3,
        CovarianceKind covariance = CovarianceKind.Diagonal, Generator? gen = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(states);
        RequireSequences(sequences);
        if (sequences.Any(q => q.Length < states)) throw new ArgumentException($"Gaussian HMM: every sequence needs at least {states} steps for a left-to-right start.", nameof(sequences));
        // Segment boundaries as fractions of a sequence: equal, or half equal and half sorted uniform draws.
        var bounds = Enumerable.Range(1, states - 1).Select(s => (double)s / states).ToArray();
        if (gen != null)
        {
            var draws = bounds.Select(_ => gen.NextDouble()).Order().ToArray();
            for (int i = 0; i < bounds.Length; i++) bounds[i] = 0.5 * bounds[i] + 0.5 * draws[i];
        }
        var stats = new MixtureStatistics(states, sequences[0][0].Length, covariance);
        var onehot = new double[states];
        foreach (var q in sequences)
            for (int t = 0; t < q.Length; t++)
            {
                double u = (t + 0.5) / q.Length;
                int s = 0;
                while (s < bounds.Length && u >= bounds[s]) s++;
                Array.Clear(onehot);
                onehot[s] = 1;
                stats.AddWeighted(q[t], onehot, 0);
            }
        var fallback = SingleGaussian(sequences, covariance, varianceFloor);
        var emissions = stats.Maximize(varianceFloor).Components.Select((c, s) => stats.Mass[s] > 0 ? c : fallback).ToArray();
        var initial = new double[states];
        initial[0] = 1;
        var transition = new double[states, states];
        for (int s = 0; s < states; s++)
        {
            double stay = s == states - 1 ? 1 : gen == null ? 0.5 : 0.3 + 0.6 * gen.NextDouble();
            transition[s, s] = stay;
            if (s < states - 1) transition[s, s + 1] = 1 - stay;
        }
        return new GaussianHmm(initial, transition, emissions, covariance);
    }

    /// <summary>
    /// A fully connected start: π and every row of A random (entries uniform in [0.5, 1.5), normalized), each state's
    /// mean a different random observation, every covariance that of all observations (plus the ridge).
    /// </summary>
    /// <exception cref="ArgumentException">No sequences, or fewer observations than states.</exception>
    public static GaussianHmm Random(int states, IReadOnlyList<double[][]> sequences, Generator gen, double varianceFloor = 1e-3,
        CovarianceKind covariance = CovarianceKind.Diagonal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(states);
        ArgumentNullException.ThrowIfNull(gen);
        RequireSequences(sequences);
        var observations = sequences.SelectMany(q => q).ToArray();
        if (observations.Length < states) throw new ArgumentException($"Gaussian HMM: {observations.Length} observations for {states} states.", nameof(sequences));
        var all = SingleGaussian(sequences, covariance, varianceFloor);
        var picks = new HashSet<int>();
        while (picks.Count < states) picks.Add(gen.NextInt(observations.Length));
        var emissions = picks.Order().Select(i => all.WithMean(observations[i])).ToArray();
        double[] Row() => Probabilities.Normalize(Enumerable.Range(0, states).Select(_ => 0.5 + gen.NextDouble()).ToArray());
        var initial = Row();
        var transition = new double[states, states];
        for (int s = 0; s < states; s++)
        {
            var row = Row();
            for (int j = 0; j < states; j++) transition[s, j] = row[j];
        }
        return new GaussianHmm(initial, transition, emissions, covariance);
    }

    // The maximum-likelihood Gaussian of every observation (one component), for starts.
    private static Gaussian SingleGaussian(IReadOnlyList<double[][]> sequences, CovarianceKind covariance, double ridge)
    {
        var stats = new MixtureStatistics(1, sequences[0][0].Length, covariance);
        foreach (var q in sequences)
            foreach (var x in q) stats.AddWeighted(x, [1.0], 0);
        return stats.Maximize(ridge).Components[0];
    }

    /// <summary>log N(x; μₛ, Σₛ).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have D values.</exception>
    public double EmissionLogDensity(int state, ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension) throw new ArgumentException($"Gaussian HMM: an observation of {x.Length} values, the model has D = {Dimension}.", nameof(x));
        return _emissions[state].LogDensity(x);
    }

    /// <summary>The emission densities b[t, s] of a sequence divided by each step's largest, and the log of that largest.</summary>
    internal (double[,] B, double[] LogShift) Emissions(double[][] x)
    {
        int n = x.Length, s = States;
        var b = new double[n, s];
        var shift = new double[n];
        for (int t = 0; t < n; t++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < s; i++) max = Math.Max(max, b[t, i] = EmissionLogDensity(i, x[t]));
            for (int i = 0; i < s; i++) b[t, i] = Math.Exp(b[t, i] - max);
            shift[t] = max;
        }
        return (b, shift);
    }

    /// <summary>log p(x₁ … x_T) by the scaled forward pass.</summary>
    /// <exception cref="ArgumentException">An empty sequence or an observation of the wrong length.</exception>
    /// <exception cref="InvalidOperationException">The sequence is impossible under the model's topology.</exception>
    public double LogLikelihood(double[][] x) => Forward(x, Emissions(Require(x))).LogLikelihood;

    internal (double[,] Alpha, double[] Scales, double LogLikelihood) Forward(double[][] x, (double[,] B, double[] LogShift) e)
    {
        int n = x.Length, s = States;
        var alpha = new double[n, s];
        var scales = new double[n];
        double ll = 0;
        for (int t = 0; t < n; t++)
        {
            double c = 0;
            for (int j = 0; j < s; j++)
            {
                double a = 0;
                if (t == 0) a = _initial[j];
                else
                    for (int i = 0; i < s; i++) a += alpha[t - 1, i] * _transition[i, j];
                c += alpha[t, j] = a * e.B[t, j];
            }
            if (!(c > 0)) throw new InvalidOperationException($"Gaussian HMM: the sequence has probability zero at step {t}.");
            for (int j = 0; j < s; j++) alpha[t, j] /= c;
            scales[t] = c;
            ll += Math.Log(c) + e.LogShift[t];
        }
        return (alpha, scales, ll);
    }

    /// <summary>The most probable state path and its log joint probability log p(x, z).</summary>
    public (int[] Path, double LogProbability) Viterbi(double[][] x)
    {
        Require(x);
        int n = x.Length, s = States;
        var delta = new double[n, s];
        var from = new int[n, s];
        for (int t = 0; t < n; t++)
            for (int j = 0; j < s; j++)
            {
                double best = t == 0 ? Math.Log(_initial[j]) : double.NegativeInfinity;
                if (t > 0)
                    for (int i = 0; i < s; i++)
                    {
                        double v = delta[t - 1, i] + Math.Log(_transition[i, j]);
                        if (v > best)
                        {
                            best = v;
                            from[t, j] = i;
                        }
                    }
                delta[t, j] = best + EmissionLogDensity(j, x[t]);
            }
        var path = new int[n];
        for (int j = 1; j < s; j++)
            if (delta[n - 1, j] > delta[n - 1, path[n - 1]]) path[n - 1] = j;
        double logProbability = delta[n - 1, path[n - 1]];
        for (int t = n - 1; t > 0; t--) path[t - 1] = from[t, path[t]];
        return (path, logProbability);
    }

    /// <summary>A state path and observations of <paramref name="length"/> steps.</summary>
    public (int[] States, double[][] Observations) Sample(int length, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var states = new int[length];
        var observations = new double[length][];
        for (int t = 0; t < length; t++)
        {
            states[t] = t == 0 ? GaussianMixture.Categorical(_initial, gen.NextDouble()) : GaussianMixture.Categorical(Probabilities.Row(_transition, states[t - 1]), gen.NextDouble());
            int k = states[t];
            observations[t] = _emissions[k].Sample(gen);
        }
        return (states, observations);
    }

    /// <summary>
    /// One Baum–Welch iteration over <paramref name="sequences"/>: the E-step under this model (γ, ξ from the scaled
    /// forward–backward passes, <see cref="GaussianHmmStatistics"/>), then π, A and the emissions from the expected
    /// counts, every variance raised by the ridge <paramref name="varianceFloor"/>. <paramref name="meanLogLikelihood"/>
    /// is the mean log p(x) per sequence under this (the old) model.
    /// </summary>
    public GaussianHmm BaumWelchStep(IReadOnlyList<double[][]> sequences, double varianceFloor, out double meanLogLikelihood)
    {
        RequireSequences(sequences);
        var stats = new GaussianHmmStatistics(this);
        foreach (var x in sequences) stats.Add(x);
        meanLogLikelihood = stats.LogLikelihood / stats.Count;
        return stats.Maximize(varianceFloor);
    }

    /// <summary>
    /// Baum–Welch from <paramref name="start"/> for at most <paramref name="iterations"/> iterations, stopping when the mean
    /// log-likelihood per sequence rises by less than <paramref name="tolerance"/>; the history ends with the final model's.
    /// </summary>
    public static (GaussianHmm Model, IReadOnlyList<double> MeanLogLikelihoods) BaumWelch(GaussianHmm start, IReadOnlyList<double[][]> sequences,
        int iterations, double varianceFloor = 1e-3, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        var model = start;
        var history = new List<double>();
        for (int it = 0; it < iterations; it++)
        {
            model = model.BaumWelchStep(sequences, varianceFloor, out double ll);
            history.Add(ll);
            if (it > 0 && history[^1] - history[^2] < tolerance) break;
        }
        history.Add(sequences.Average(model.LogLikelihood));
        return (model, history);
    }

    internal double[][] Require(double[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0) throw new ArgumentException("Gaussian HMM: an empty sequence.", nameof(x));
        foreach (var o in x)
            if (o.Length != Dimension) throw new ArgumentException($"Gaussian HMM: an observation of {o.Length} values, the model has D = {Dimension}.", nameof(x));
        return x;
    }

    internal static void RequireSequences(IReadOnlyList<double[][]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0 || sequences.Any(q => q.Length == 0)) throw new ArgumentException("Gaussian HMM: no sequences, or an empty one.", nameof(sequences));
    }
}
