using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>The scaled forward pass of an HMM (Bishop §13.2.4): α̂ₜ(i) = p(zₜ = i | x₁ … xₜ) and the scales cₜ = p(xₜ | x₁ … xₜ₋₁).</summary>
/// <param name="Alpha">α̂, T × N.</param>
/// <param name="Scales">c₁ … c_T; log p(x) = Σₜ log cₜ.</param>
public sealed record ForwardPass(double[,] Alpha, double[] Scales)
{
    /// <summary>log p(x₁ … x_T) = Σₜ log cₜ.</summary>
    public double LogLikelihood => Scales.Sum(c => Math.Log(c));
}

/// <summary>What <see cref="HiddenMarkovModel.BaumWelch"/> returns.</summary>
/// <param name="Model">The model after the last M-step.</param>
/// <param name="LogLikelihoods">Σ log p(x) over the sequences before each M-step, and of the final model last: never decreasing.</param>
public sealed record BaumWelchFit(HiddenMarkovModel Model, IReadOnlyList<double> LogLikelihoods);

/// <summary>
/// A hidden Markov model with discrete emissions: p(x, z) = π(z₁)·Πₜ A[zₜ₋₁, zₜ]·Πₜ B[zₜ, xₜ] over N hidden states and
/// M symbols (Bishop §13.2). Scaled forward–backward, Viterbi decoding in log space, posterior decoding, Baum–Welch
/// (EM) on many sequences, sampling. Zeros of π, A and B stay zero under Baum–Welch, so a left-to-right topology is
/// kept by starting from one (<see cref="LeftToRight"/>).
/// </summary>
/// <example>
/// <code>
/// var hmm = HiddenMarkovModel.LeftToRight(states: 16, symbols: 16, new Generator(1));
/// var fit = HiddenMarkovModel.BaumWelch(hmm, sequences, iterations: 25);
/// var (path, logp) = fit.Model.Viterbi(sequences[0]);
/// var (states, symbols) = fit.Model.Sample(40, new Generator(2));
/// </code>
/// </example>
public sealed class HiddenMarkovModel
{
    private readonly double[] _initial;
    private readonly double[,] _transition;
    private readonly double[,] _emission;

    /// <summary>An HMM with initial distribution π (N), transitions A (N × N) and emissions B (N × M); rows are distributions.</summary>
    /// <exception cref="ArgumentException">Sizes disagree or a row is not a distribution.</exception>
    public HiddenMarkovModel(double[] initial, double[,] transition, double[,] emission)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(emission);
        int n = initial.Length;
        if (n == 0 || transition.GetLength(0) != n || transition.GetLength(1) != n || emission.GetLength(0) != n || emission.GetLength(1) == 0)
            throw new ArgumentException($"HMM: π has {n} states, A is {transition.GetLength(0)}×{transition.GetLength(1)}, B is {emission.GetLength(0)}×{emission.GetLength(1)}.");
        Probabilities.RequireDistribution(initial, "HMM: the initial distribution");
        for (int i = 0; i < n; i++)
        {
            Probabilities.RequireDistribution(Probabilities.Row(transition, i), $"HMM: transition row {i}");
            Probabilities.RequireDistribution(Probabilities.Row(emission, i), $"HMM: emission row {i}");
        }
        _initial = (double[])initial.Clone();
        _transition = (double[,])transition.Clone();
        _emission = (double[,])emission.Clone();
    }

    /// <summary>The number of hidden states N.</summary>
    public int States => _initial.Length;

    /// <summary>The number of symbols M.</summary>
    public int Symbols => _emission.GetLength(1);

    /// <summary>π(i) = p(z₁ = i).</summary>
    public double Initial(int state) => _initial[state];

    /// <summary>A[i, j] = p(zₜ = j | zₜ₋₁ = i).</summary>
    public double Transition(int from, int to) => _transition[from, to];

    /// <summary>B[i, k] = p(xₜ = k | zₜ = i).</summary>
    public double Emission(int state, int symbol) => _emission[state, symbol];

    /// <summary>A fully connected HMM with random rows (each entry uniform in [0.5, 1.5), then normalized), a start for Baum–Welch.</summary>
    public static HiddenMarkovModel Random(int states, int symbols, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        return new HiddenMarkovModel(RandomRow(states, gen), RandomMatrix(states, states, gen, (_, _) => true), RandomMatrix(states, symbols, gen, (_, _) => true));
    }

    /// <summary>
    /// A left-to-right HMM (Bishop Fig. 13.10 with Δ = 1): it starts in state 0, each state either stays or moves to the
    /// next (the last one stays), emission rows random; Baum–Welch keeps that topology.
    /// </summary>
    public static HiddenMarkovModel LeftToRight(int states, int symbols, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var initial = new double[states];
        initial[0] = 1;
        var transition = RandomMatrix(states, states, gen, (i, j) => j == i || j == i + 1);
        return new HiddenMarkovModel(initial, transition, RandomMatrix(states, symbols, gen, (_, _) => true));
    }

    private static double[] RandomRow(int n, Generator gen)
        => Probabilities.Normalize(Enumerable.Range(0, n).Select(_ => 0.5 + gen.NextDouble()).ToArray());

    private static double[,] RandomMatrix(int rows, int columns, Generator gen, Func<int, int, bool> allowed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            double s = 0;
            for (int j = 0; j < columns; j++)
                if (allowed(i, j)) s += m[i, j] = 0.5 + gen.NextDouble();
            for (int j = 0; j < columns; j++) m[i, j] /= s;
        }
        return m;
    }

    /// <summary>The scaled forward pass of <paramref name="symbols"/>.</summary>
    /// <exception cref="ArgumentException">An empty sequence or a symbol outside [0, M).</exception>
    /// <exception cref="InvalidOperationException">The sequence has probability zero under the model.</exception>
    public ForwardPass Forward(ReadOnlySpan<int> symbols)
    {
        Check(symbols);
        int n = States, len = symbols.Length;
        var alpha = new double[len, n];
        var scales = new double[len];
        for (int t = 0; t < len; t++)
        {
            double c = 0;
            for (int j = 0; j < n; j++)
            {
                double a;
                if (t == 0) a = _initial[j];
                else
                {
                    a = 0;
                    for (int i = 0; i < n; i++) a += alpha[t - 1, i] * _transition[i, j];
                }
                c += alpha[t, j] = a * _emission[j, symbols[t]];
            }
            if (!(c > 0)) throw new InvalidOperationException($"HMM: the sequence has probability zero (at step {t}, symbol {symbols[t]}).");
            for (int j = 0; j < n; j++) alpha[t, j] /= c;
            scales[t] = c;
        }
        return new ForwardPass(alpha, scales);
    }

    /// <summary>The scaled backward pass β̂ₜ(i) = p(xₜ₊₁ … x_T | zₜ = i) / p(xₜ₊₁ … x_T | x₁ … xₜ), with the forward pass's scales.</summary>
    public double[,] Backward(ReadOnlySpan<int> symbols, ForwardPass forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        Check(symbols);
        int n = States, len = symbols.Length;
        var beta = new double[len, n];
        for (int i = 0; i < n; i++) beta[len - 1, i] = 1;
        for (int t = len - 2; t >= 0; t--)
            for (int i = 0; i < n; i++)
            {
                double b = 0;
                for (int j = 0; j < n; j++) b += _transition[i, j] * _emission[j, symbols[t + 1]] * beta[t + 1, j];
                beta[t, i] = b / forward.Scales[t + 1];
            }
        return beta;
    }

    /// <summary>log p(x₁ … x_T), by the scaled forward pass.</summary>
    public double LogLikelihood(ReadOnlySpan<int> symbols) => Forward(symbols).LogLikelihood;

    /// <summary>The posterior marginals γₜ(i) = p(zₜ = i | x), T × N.</summary>
    public double[,] Posteriors(ReadOnlySpan<int> symbols)
    {
        var forward = Forward(symbols);
        var beta = Backward(symbols, forward);
        int len = symbols.Length, n = States;
        var gamma = new double[len, n];
        for (int t = 0; t < len; t++)
            for (int i = 0; i < n; i++) gamma[t, i] = forward.Alpha[t, i] * beta[t, i];
        return gamma;
    }

    /// <summary>The most probable state path argmax_z p(z | x) and log p(x, z) of it (max-sum in log space, Bishop §13.2.5).</summary>
    public (int[] Path, double LogProbability) Viterbi(ReadOnlySpan<int> symbols)
    {
        Check(symbols);
        int n = States, len = symbols.Length;
        var omega = new double[len, n];
        var back = new int[len, n];
        for (int j = 0; j < n; j++) omega[0, j] = Math.Log(_initial[j]) + Math.Log(_emission[j, symbols[0]]);
        for (int t = 1; t < len; t++)
            for (int j = 0; j < n; j++)
            {
                double best = double.NegativeInfinity;
                int arg = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = omega[t - 1, i] + Math.Log(_transition[i, j]);
                    if (v > best) { best = v; arg = i; }
                }
                omega[t, j] = best + Math.Log(_emission[j, symbols[t]]);
                back[t, j] = arg;
            }
        var path = new int[len];
        for (int j = 1; j < n; j++)
            if (omega[len - 1, j] > omega[len - 1, path[len - 1]]) path[len - 1] = j;
        double logp = omega[len - 1, path[len - 1]];
        for (int t = len - 1; t > 0; t--) path[t - 1] = back[t, path[t]];
        return (path, logp);
    }

    /// <summary>A draw of <paramref name="length"/> steps: the hidden states and the emitted symbols.</summary>
    public (int[] States, int[] Symbols) Sample(int length, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var z = new int[length];
        var x = new int[length];
        for (int t = 0; t < length; t++)
        {
            z[t] = GaussianMixture.Categorical(t == 0 ? _initial : Probabilities.Row(_transition, z[t - 1]), gen.NextDouble());
            x[t] = GaussianMixture.Categorical(Probabilities.Row(_emission, z[t]), gen.NextDouble());
        }
        return (z, x);
    }

    /// <summary>
    /// One Baum–Welch iteration over <paramref name="sequences"/>: the E-step (γ and ξ by scaled forward–backward) and
    /// the M-step π ∝ Σ γ₁, A ∝ Σ ξ, B ∝ Σ γ·[x = k]. Returns the new model and Σ log p(x) under this one.
    /// </summary>
    public (HiddenMarkovModel Model, double LogLikelihood) BaumWelchStep(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("HMM: no sequences.", nameof(sequences));
        var stats = new HmmStatistics(this);
        foreach (var x in sequences) stats.Add(x);
        return (stats.Maximize(), stats.LogLikelihood);
    }

    /// <summary>Runs <paramref name="iterations"/> Baum–Welch iterations from <paramref name="start"/>, stopping early when Σ log p(x) rises by less than <paramref name="tolerance"/>.</summary>
    public static BaumWelchFit BaumWelch(HiddenMarkovModel start, IReadOnlyList<int[]> sequences, int iterations, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        var model = start;
        var history = new List<double>();
        for (int it = 0; it < iterations; it++)
        {
            var (next, ll) = model.BaumWelchStep(sequences);
            history.Add(ll);
            model = next;
            if (it > 0 && history[^1] - history[^2] < tolerance) break;
        }
        history.Add(sequences.Sum(s => model.LogLikelihood(s)));
        return new BaumWelchFit(model, history);
    }

    private void Check(ReadOnlySpan<int> symbols)
    {
        if (symbols.IsEmpty) throw new ArgumentException("HMM: an empty sequence.", nameof(symbols));
        foreach (int s in symbols)
            if (s < 0 || s >= Symbols) throw new ArgumentException($"HMM: symbol {s} outside [0, {Symbols}).", nameof(symbols));
    }
}

/// <summary>
/// The expected counts of Baum–Welch under one model, accumulated sequence by sequence (or batch by batch):
/// Σ γ₁(i), Σₜ ξₜ(i, j) and Σₜ γₜ(i)·[xₜ = k]. Adding every training sequence and calling <see cref="Maximize"/> is one
/// EM iteration, however the sequences are batched.
/// </summary>
public sealed class HmmStatistics : IBaumWelchStatistics<int[]>
{
    private readonly HiddenMarkovModel _model;

    /// <summary>Empty counts whose posteriors come from <paramref name="model"/>.</summary>
    public HmmStatistics(HiddenMarkovModel model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        InitialCounts = new double[model.States];
        TransitionCounts = new double[model.States, model.States];
        EmissionCounts = new double[model.States, model.Symbols];
    }

    /// <summary>Σ γ₁(i).</summary>
    public double[] InitialCounts { get; }

    /// <summary>Σₜ ξₜ(i, j).</summary>
    public double[,] TransitionCounts { get; }

    /// <summary>Σₜ γₜ(i)·[xₜ = k].</summary>
    public double[,] EmissionCounts { get; }

    /// <summary>Σ log p(x) of the sequences added, under the model of the E-step.</summary>
    public double LogLikelihood { get; set; }

    /// <summary>The number of sequences added.</summary>
    public long Count { get; set; }

    /// <summary>Adds the posterior counts of one sequence; returns its log p(x).</summary>
    public double Add(int[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var hmm = _model;
        int n = hmm.States;
        var forward = hmm.Forward(x);
        var beta = hmm.Backward(x, forward);
        var alpha = forward.Alpha;
        for (int t = 0; t < x.Length; t++)
            for (int i = 0; i < n; i++)
            {
                double g = alpha[t, i] * beta[t, i];
                if (t == 0) InitialCounts[i] += g;
                EmissionCounts[i, x[t]] += g;
            }
        for (int t = 1; t < x.Length; t++)
        {
            double c = forward.Scales[t];
            for (int i = 0; i < n; i++)
            {
                double a = alpha[t - 1, i];
                if (a == 0) continue;
                for (int j = 0; j < n; j++)
                    TransitionCounts[i, j] += a * hmm.Transition(i, j) * hmm.Emission(j, x[t]) * beta[t, j] / c;
            }
        }
        double ll = forward.LogLikelihood;
        LogLikelihood += ll;
        Count++;
        return ll;
    }

    /// <summary>
    /// The M-step: each row of counts normalized; a row with no counts keeps the E-step model's row. With
    /// <paramref name="emissionPseudocount"/> &gt; 0 every emission count is raised by it first (the MAP estimate under
    /// a symmetric Dirichlet prior), so that no symbol becomes impossible in a state; EM then never lowers the
    /// likelihood plus the log prior, rather than the likelihood itself.
    /// </summary>
    /// <exception cref="InvalidOperationException">No sequence was added.</exception>
    public HiddenMarkovModel Maximize(double emissionPseudocount = 0)
    {
        if (!(emissionPseudocount >= 0)) throw new ArgumentException($"HMM: pseudocount {emissionPseudocount} must be non-negative.", nameof(emissionPseudocount));
        if (Count == 0) throw new InvalidOperationException("HMM: the M-step needs at least one sequence.");
        int n = _model.States, m = _model.Symbols;
        var initial = Probabilities.Normalize(InitialCounts);
        var transition = new double[n, n];
        var emission = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            double ts = 0, es = 0;
            for (int j = 0; j < n; j++) ts += TransitionCounts[i, j];
            for (int k = 0; k < m; k++) es += EmissionCounts[i, k] + emissionPseudocount;
            for (int j = 0; j < n; j++) transition[i, j] = ts > 0 ? TransitionCounts[i, j] / ts : _model.Transition(i, j);
            for (int k = 0; k < m; k++) emission[i, k] = es > 0 ? (EmissionCounts[i, k] + emissionPseudocount) / es : _model.Emission(i, k);
        }
        return new HiddenMarkovModel(initial, transition, emission);
    }
}
