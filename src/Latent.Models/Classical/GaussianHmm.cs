using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A hidden Markov model with Gaussian emissions of diagonal covariance, p(xₜ | zₜ = s) = N(xₜ; μₛ, diag σₛ²)
/// (Bishop §13.2): scaled forward–backward (each step's emission densities divided by their largest, the factor
/// kept in the log-likelihood), Viterbi in log space, sampling, and Baum–Welch, which keeps any zero of π and A (so a
/// left-to-right topology stays one) and floors every variance.
/// </summary>
/// <example>
/// <code>
/// var hmm = GaussianHmm.LeftToRight(states: 16, sequences, varianceFloor: 1e-3);
/// for (int i = 0; i &lt; 25; i++) hmm = hmm.BaumWelchStep(sequences, 1e-3, out double meanLogLikelihood);
/// var (states, steps) = hmm.Sample(32, new Generator(1));
/// </code>
/// </example>
public sealed class GaussianHmm
{
    private readonly double[] _initial;
    private readonly double[,] _transition;
    private readonly double[][] _means, _variances;

    /// <summary>An HMM with initial distribution π, transitions A, and per-state means and variances.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, π or a row of A is not a distribution, or a variance is not positive.</exception>
    public GaussianHmm(double[] initial, double[,] transition, double[][] means, double[][] variances)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(variances);
        int s = initial.Length;
        if (s == 0 || transition.GetLength(0) != s || transition.GetLength(1) != s || means.Length != s || variances.Length != s)
            throw new ArgumentException($"Gaussian HMM: {s} states, but a {transition.GetLength(0)}×{transition.GetLength(1)} transition matrix, {means.Length} means and {variances.Length} variances.", nameof(transition));
        Probabilities.RequireDistribution(initial, "Gaussian HMM: the initial distribution");
        for (int i = 0; i < s; i++) Probabilities.RequireDistribution(Probabilities.Row(transition, i), $"Gaussian HMM: transition row {i}");
        int d = means[0].Length;
        for (int i = 0; i < s; i++)
        {
            if (means[i].Length != d || variances[i].Length != d) throw new ArgumentException($"Gaussian HMM: state {i} has a mean or variance of the wrong length (D = {d}).", nameof(means));
            if (variances[i].Any(v => !(v > 0) || double.IsInfinity(v))) throw new ArgumentException($"Gaussian HMM: state {i} has a variance that is not positive.", nameof(variances));
        }
        _initial = (double[])initial.Clone();
        _transition = (double[,])transition.Clone();
        _means = means.Select(m => (double[])m.Clone()).ToArray();
        _variances = variances.Select(v => (double[])v.Clone()).ToArray();
    }

    /// <summary>The number of hidden states S.</summary>
    public int States => _initial.Length;

    /// <summary>The dimension D of an observation.</summary>
    public int Dimension => _means[0].Length;

    /// <summary>π(s).</summary>
    public double Initial(int state) => _initial[state];

    /// <summary>A[from, to].</summary>
    public double Transition(int from, int to) => _transition[from, to];

    /// <summary>μₛ.</summary>
    public IReadOnlyList<double> Mean(int state) => _means[state];

    /// <summary>σₛ² per dimension.</summary>
    public IReadOnlyList<double> Variance(int state) => _variances[state];

    /// <summary>
    /// A left-to-right model (start in state 0; stay or move to the next, probability ½ each) whose state s starts
    /// with the mean and variance of the s-th of S equal time segments of every sequence.
    /// </summary>
    /// <exception cref="ArgumentException">No sequences, or one shorter than S.</exception>
    public static GaussianHmm LeftToRight(int states, IReadOnlyList<double[][]> sequences, double varianceFloor = 1e-3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(states);
        RequireSequences(sequences);
        if (sequences.Any(q => q.Length < states)) throw new ArgumentException($"Gaussian HMM: every sequence needs at least {states} steps for a left-to-right start.", nameof(sequences));
        int d = sequences[0][0].Length;
        var sum = new double[states, d];
        var square = new double[states, d];
        var count = new double[states];
        foreach (var q in sequences)
            for (int t = 0; t < q.Length; t++)
            {
                int s = (int)((long)t * states / q.Length);
                count[s]++;
                for (int j = 0; j < d; j++)
                {
                    sum[s, j] += q[t][j];
                    square[s, j] += q[t][j] * q[t][j];
                }
            }
        var means = new double[states][];
        var variances = new double[states][];
        for (int s = 0; s < states; s++)
        {
            means[s] = Enumerable.Range(0, d).Select(j => sum[s, j] / count[s]).ToArray();
            variances[s] = Enumerable.Range(0, d).Select(j => Math.Max(square[s, j] / count[s] - means[s][j] * means[s][j], varianceFloor)).ToArray();
        }
        var initial = new double[states];
        initial[0] = 1;
        var transition = new double[states, states];
        for (int s = 0; s < states; s++)
            if (s == states - 1) transition[s, s] = 1;
            else transition[s, s] = transition[s, s + 1] = 0.5;
        return new GaussianHmm(initial, transition, means, variances);
    }

    /// <summary>log N(x; μₛ, diag σₛ²).</summary>
    public double EmissionLogDensity(int state, ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension) throw new ArgumentException($"Gaussian HMM: an observation of {x.Length} values, the model has D = {Dimension}.", nameof(x));
        var m = _means[state];
        var v = _variances[state];
        double lp = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double t = x[j] - m[j];
            lp -= 0.5 * (GaussianMath.LogTwoPi + Math.Log(v[j]) + t * t / v[j]);
        }
        return lp;
    }

    /// <summary>The emission densities b[t, s] of a sequence divided by each step's largest, and the log of that largest.</summary>
    private (double[,] B, double[] LogShift) Emissions(double[][] x)
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

    private (double[,] Alpha, double[] Scales, double LogLikelihood) Forward(double[][] x, (double[,] B, double[] LogShift) e)
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
            observations[t] = Enumerable.Range(0, Dimension).Select(j => _means[k][j] + Math.Sqrt(_variances[k][j]) * gen.NextNormal()).ToArray();
        }
        return (states, observations);
    }

    /// <summary>
    /// One Baum–Welch iteration over <paramref name="sequences"/>: the E-step under this model (γ, ξ from the scaled
    /// forward–backward passes), then π, A, means and variances (each at least <paramref name="varianceFloor"/>) from the
    /// expected counts. <paramref name="meanLogLikelihood"/> is the mean log p(x) per sequence under this (the old) model.
    /// </summary>
    public GaussianHmm BaumWelchStep(IReadOnlyList<double[][]> sequences, double varianceFloor, out double meanLogLikelihood)
    {
        RequireSequences(sequences);
        if (!(varianceFloor > 0)) throw new ArgumentException($"Gaussian HMM: the variance floor must be positive, got {varianceFloor}.", nameof(varianceFloor));
        int s = States, d = Dimension;
        var initial = new double[s];
        var transitions = new double[s, s];
        var mass = new double[s];
        var sum = new double[s, d];
        var square = new double[s, d];
        double total = 0;
        foreach (var x in sequences)
        {
            Require(x);
            var e = Emissions(x);
            var (alpha, scales, ll) = Forward(x, e);
            total += ll;
            int n = x.Length;
            var beta = new double[n, s];
            for (int i = 0; i < s; i++) beta[n - 1, i] = 1;
            for (int t = n - 2; t >= 0; t--)
                for (int i = 0; i < s; i++)
                {
                    double b = 0;
                    for (int j = 0; j < s; j++) b += _transition[i, j] * e.B[t + 1, j] * beta[t + 1, j];
                    beta[t, i] = b / scales[t + 1];
                }
            for (int t = 0; t < n; t++)
                for (int i = 0; i < s; i++)
                {
                    double gamma = alpha[t, i] * beta[t, i];
                    if (t == 0) initial[i] += gamma;
                    mass[i] += gamma;
                    for (int j = 0; j < d; j++)
                    {
                        sum[i, j] += gamma * x[t][j];
                        square[i, j] += gamma * x[t][j] * x[t][j];
                    }
                    if (t + 1 < n)
                        for (int j = 0; j < s; j++)
                            transitions[i, j] += alpha[t, i] * _transition[i, j] * e.B[t + 1, j] * beta[t + 1, j] / scales[t + 1];
                }
        }
        meanLogLikelihood = total / sequences.Count;
        var newInitial = Probabilities.Normalize(initial);
        var newTransition = new double[s, s];
        var means = new double[s][];
        var variances = new double[s][];
        for (int i = 0; i < s; i++)
        {
            double row = 0;
            for (int j = 0; j < s; j++) row += transitions[i, j];
            for (int j = 0; j < s; j++) newTransition[i, j] = row > 0 ? transitions[i, j] / row : _transition[i, j];
            if (mass[i] > 1e-12)
            {
                means[i] = Enumerable.Range(0, d).Select(j => sum[i, j] / mass[i]).ToArray();
                variances[i] = Enumerable.Range(0, d).Select(j => Math.Max(square[i, j] / mass[i] - means[i][j] * means[i][j], varianceFloor)).ToArray();
            }
            else (means[i], variances[i]) = (_means[i], _variances[i]);
        }
        return new GaussianHmm(newInitial, newTransition, means, variances);
    }

    private double[][] Require(double[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0) throw new ArgumentException("Gaussian HMM: an empty sequence.", nameof(x));
        foreach (var o in x)
            if (o.Length != Dimension) throw new ArgumentException($"Gaussian HMM: an observation of {o.Length} values, the model has D = {Dimension}.", nameof(x));
        return x;
    }

    private static void RequireSequences(IReadOnlyList<double[][]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0 || sequences.Any(q => q.Length == 0)) throw new ArgumentException("Gaussian HMM: no sequences, or an empty one.", nameof(sequences));
    }
}
