using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A first-order Markov chain over states 0 … S − 1: p(q₁ … q_T) = π(q₁)·Πₜ A[qₜ₋₁, qₜ]. Fitted from sequences by
/// counting transitions (with optional additive smoothing), sampled, scored, and its stationary distribution solved.
/// </summary>
/// <example>
/// <code>
/// // The lecture's weather chain: Sun, Rain, Cloud.
/// var weather = new MarkovChain([1, 0, 0], new double[,] { { 0.8, 0.05, 0.15 }, { 0.2, 0.6, 0.2 }, { 0.2, 0.3, 0.5 } });
/// double p = weather.Probability([0, 0, 0, 2, 2, 1], givenFirst: true);   // 0.8·0.8·0.15·0.5·0.3 = 0.0144
/// double[] pi = weather.Stationary();                                       // (0.5, 0.25, 0.25)
/// </code>
/// </example>
public sealed class MarkovChain
{
    private readonly double[,] _transition;

    /// <summary>A chain with initial distribution π and transition matrix A (rows sum to 1).</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or π or a row of A is not a distribution.</exception>
    public MarkovChain(double[] initial, double[,] transition)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        int s = initial.Length;
        if (s == 0 || transition.GetLength(0) != s || transition.GetLength(1) != s)
            throw new ArgumentException($"Markov chain: {s} initial probabilities for a {transition.GetLength(0)}×{transition.GetLength(1)} transition matrix.", nameof(transition));
        Probabilities.RequireDistribution(initial, "Markov chain: the initial distribution");
        for (int i = 0; i < s; i++) Probabilities.RequireDistribution(Probabilities.Row(transition, i), $"Markov chain: transition row {i}");
        Initial = (double[])initial.Clone();
        _transition = (double[,])transition.Clone();
    }

    /// <summary>The lecture's weather chain over Sun (0), Rain (1), Cloud (2), starting on a sunny day.</summary>
    public static MarkovChain LectureWeather { get; } = new([1, 0, 0], new double[,] { { 0.8, 0.05, 0.15 }, { 0.2, 0.6, 0.2 }, { 0.2, 0.3, 0.5 } });

    /// <summary>The number of states S.</summary>
    public int StateCount => Initial.Count;

    /// <summary>π, the distribution of the first state.</summary>
    public IReadOnlyList<double> Initial { get; }

    /// <summary>A[i, j] = p(qₜ = j | qₜ₋₁ = i).</summary>
    public double Transition(int from, int to) => _transition[from, to];

    /// <summary>
    /// The maximum-likelihood chain of <paramref name="sequences"/>: π from the first states, A from the transition
    /// counts, each count plus <paramref name="smoothing"/> (Laplace smoothing with 1). A state never left and not
    /// smoothed gets a uniform row.
    /// </summary>
    /// <exception cref="ArgumentException">No sequences, an empty one, or a state outside [0, S).</exception>
    public static MarkovChain Fit(IEnumerable<int[]> sequences, int states, double smoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(states);
        if (!(smoothing >= 0)) throw new ArgumentException($"Markov chain: smoothing {smoothing} must be non-negative.", nameof(smoothing));
        var first = new double[states];
        var counts = new double[states, states];
        int n = 0;
        foreach (var seq in sequences)
        {
            if (seq.Length == 0) throw new ArgumentException("Markov chain: an empty sequence.", nameof(sequences));
            foreach (int q in seq)
                if (q < 0 || q >= states) throw new ArgumentException($"Markov chain: state {q} outside [0, {states}).", nameof(sequences));
            first[seq[0]]++;
            for (int t = 1; t < seq.Length; t++) counts[seq[t - 1], seq[t]]++;
            n++;
        }
        if (n == 0) throw new ArgumentException("Markov chain: no sequences.", nameof(sequences));
        var initial = Probabilities.Normalize(first.Select(c => c + smoothing).ToArray());
        var transition = new double[states, states];
        for (int i = 0; i < states; i++)
        {
            var row = Probabilities.Row(counts, i).Select(c => c + smoothing).ToArray();
            if (row.Sum() == 0) Array.Fill(row, 1.0);
            row = Probabilities.Normalize(row);
            for (int j = 0; j < states; j++) transition[i, j] = row[j];
        }
        return new MarkovChain(initial, transition);
    }

    /// <summary>log p(q₁ … q_T); with <paramref name="givenFirst"/> the first state is taken as given (π is left out).</summary>
    /// <exception cref="ArgumentException">An empty sequence or a state outside [0, S).</exception>
    public double LogProbability(ReadOnlySpan<int> sequence, bool givenFirst = false)
    {
        if (sequence.IsEmpty) throw new ArgumentException("Markov chain: an empty sequence.", nameof(sequence));
        foreach (int q in sequence)
            if (q < 0 || q >= StateCount) throw new ArgumentException($"Markov chain: state {q} outside [0, {StateCount}).", nameof(sequence));
        double lp = givenFirst ? 0 : Math.Log(Initial[sequence[0]]);
        for (int t = 1; t < sequence.Length; t++) lp += Math.Log(_transition[sequence[t - 1], sequence[t]]);
        return lp;
    }

    /// <summary>p(q₁ … q_T), or p(q₂ … q_T | q₁) with <paramref name="givenFirst"/>.</summary>
    public double Probability(ReadOnlySpan<int> sequence, bool givenFirst = false) => Math.Exp(LogProbability(sequence, givenFirst));

    /// <summary>A sequence of <paramref name="length"/> states, starting from <paramref name="start"/> or from π.</summary>
    public int[] Sample(int length, Generator gen, int? start = null)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var seq = new int[length];
        seq[0] = start ?? GaussianMixture.Categorical(Initial, gen.NextDouble());
        if (seq[0] < 0 || seq[0] >= StateCount) throw new ArgumentOutOfRangeException(nameof(start));
        for (int t = 1; t < length; t++) seq[t] = GaussianMixture.Categorical(Probabilities.Row(_transition, seq[t - 1]), gen.NextDouble());
        return seq;
    }

    /// <summary>
    /// A stationary distribution p = pA: the solution of (Aᵀ − I)p = 0 with Σ p = 1, by Gaussian elimination with
    /// partial pivoting (unique for an irreducible chain).
    /// </summary>
    /// <exception cref="InvalidOperationException">The system is singular (the chain has several closed classes).</exception>
    public double[] Stationary()
    {
        int s = StateCount;
        var m = new double[s, s + 1];
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) m[i, j] = _transition[j, i] - (i == j ? 1 : 0);
        for (int j = 0; j < s; j++) m[s - 1, j] = 1; // replace the last (redundant) equation by the normalization
        m[s - 1, s] = 1;
        for (int c = 0; c < s; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < s; r++)
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            if (Math.Abs(m[pivot, c]) < 1e-12) throw new InvalidOperationException("Markov chain: the stationary distribution is not unique.");
            for (int j = 0; j <= s; j++) (m[c, j], m[pivot, j]) = (m[pivot, j], m[c, j]);
            for (int r = 0; r < s; r++)
            {
                if (r == c) continue;
                double f = m[r, c] / m[c, c];
                for (int j = c; j <= s; j++) m[r, j] -= f * m[c, j];
            }
        }
        return Enumerable.Range(0, s).Select(i => m[i, s] / m[i, i]).ToArray();
    }
}

/// <summary>Checks and helpers for discrete distributions stored as arrays and matrix rows.</summary>
internal static class Probabilities
{
    public static double[] Row(double[,] m, int i) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray();

    public static double[] Normalize(double[] v)
    {
        double s = v.Sum();
        return v.Select(x => x / s).ToArray();
    }

    public static void RequireDistribution(IReadOnlyList<double> p, string what)
    {
        if (p.Any(v => !(v >= 0) || double.IsInfinity(v)) || Math.Abs(p.Sum() - 1) > 1e-8)
            throw new ArgumentException($"{what} is not a probability distribution (sum {p.Sum():G6}).");
    }
}
