using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Classical.Fitting;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>
/// A discrete hidden Markov model of symbol sequences (pen directions) as a trainable model: one epoch is one
/// Baum–Welch iteration. <see cref="TrainStep"/> adds each batch's expected counts under the current model and solves
/// the M-step after the epoch's last sequence. Sequences are rows [N, T] of symbol values stored as floats.
/// </summary>
public sealed class HmmModel : TrainableModel, ISampler, ILikelihoodModel, IExpectationMaximizationModel
{
    private readonly int _examplesPerEpoch;
    private readonly List<double> _history = [];
    private HmmStatistics? _stats;
    private int _seen;

    /// <summary>Wraps a starting model.</summary>
    /// <param name="start">The model Baum–Welch starts from.</param>
    /// <param name="length">The length T of the sequences it samples.</param>
    /// <param name="examplesPerEpoch">The number of training sequences.</param>
    /// <param name="rng">The model's stream.</param>
    /// <param name="emissionPseudocount">Added to every expected emission count in the M-step.</param>
    public HmmModel(HiddenMarkovModel start, int length, int examplesPerEpoch, Generator rng, double emissionPseudocount = 0)
        : base(rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(emissionPseudocount);
        EmissionPseudocount = emissionPseudocount;
        Hmm = start ?? throw new ArgumentNullException(nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerEpoch);
        Length = length;
        _examplesPerEpoch = examplesPerEpoch;
    }

    /// <summary>Added to every expected emission count in the M-step (0: plain maximum likelihood).</summary>
    public double EmissionPseudocount { get; }

    /// <summary>The current model.</summary>
    public HiddenMarkovModel Hmm { get; private set; }

    /// <summary>The length of sampled sequences.</summary>
    public int Length { get; }

    /// <summary>Σ log p(x) per training sequence before each completed M-step: never decreasing.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _history;

    /// <summary>Draws the start of a restart (the topology's random start); <see cref="Restart"/> needs it.</summary>
    public Func<Generator, HiddenMarkovModel>? Initializer { get; init; }

    /// <summary>log Πᵢₖ B[i, k]ᵃ, the symmetric Dirichlet(a + 1) prior on each emission row whose MAP estimate the M-step is (up to its constant).</summary>
    public double LogPrior
    {
        get
        {
            if (EmissionPseudocount == 0) return 0;
            double sum = 0;
            for (int i = 0; i < Hmm.States; i++)
                for (int k = 0; k < Hmm.Symbols; k++) sum += Math.Log(Hmm.Emission(i, k));
            return EmissionPseudocount * sum;
        }
    }

    /// <summary>Forgets the fit and starts again from <see cref="Initializer"/> with a generator seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="InvalidOperationException">No initializer was given.</exception>
    public void Restart(ulong seed)
    {
        var initializer = Initializer ?? throw new InvalidOperationException("HMM: restarts need an initializer that draws a new start.");
        Hmm = initializer(new Generator(seed));
        _stats = null;
        _seen = 0;
        _history.Clear();
    }

    /// <summary>Training sequences drawn beside the generated ones by <see cref="WriteSamples"/>.</summary>
    public int[][]? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: Baum–Welch has closed-form steps.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => [Length];

    /// <summary>Exact, by the scaled forward pass.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>The sequences of rows [N, T] holding symbol values.</summary>
    /// <exception cref="ArgumentException">A value is not a symbol of the model.</exception>
    public int[][] Sequences(Tensor x)
    {
        var rows = ClassicalRows.FromTensor(x);
        return rows.Select(r => r.Select(v =>
        {
            int s = (int)Math.Round(v);
            if (s != v || s < 0 || s >= Hmm.Symbols) throw new ArgumentException($"HMM: {v} is not a symbol in [0, {Hmm.Symbols}).", nameof(x));
            return s;
        }).ToArray()).ToArray();
    }

    /// <summary>The E-step on one batch, the M-step after the epoch's last; "loss" is −log p(x) per sequence under the current model (nats).</summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sequences = Sequences(batch.Inputs);
        _stats ??= new HmmStatistics(Hmm);
        double sum = 0;
        foreach (var s in sequences) sum += _stats.Add(s);
        _seen += sequences.Length;
        if (_seen >= _examplesPerEpoch)
        {
            _history.Add(_stats.LogLikelihood / _stats.Count);
            Hmm = _stats.Maximize(EmissionPseudocount);
            _stats = null;
            _seen = 0;
        }
        return new Dictionary<string, double> { ["loss"] = -sum / sequences.Length };
    }

    /// <summary>"nll": −log p(x) per held-out sequence (nats), and "nll_per_step".</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double sum = 0;
        int count = 0, steps = 0;
        foreach (var batch in data)
            foreach (var s in Sequences(batch.Inputs))
            {
                sum += Hmm.LogLikelihood(s);
                count++;
                steps += s.Length;
            }
        return new Dictionary<string, double> { ["nll"] = -sum / count, ["nll_per_step"] = -sum / steps };
    }

    /// <inheritdoc />
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var sequences = Sequences(x);
        var result = Tensor.Zeros(sequences.Length);
        for (int i = 0; i < sequences.Length; i++) result.Data[i] = (float)Hmm.LogLikelihood(sequences[i]);
        return result;
    }

    /// <summary>Sequences [count, T] of sampled symbols.</summary>
    public Tensor Sample(int count, Generator gen)
    {
        var rows = Enumerable.Range(0, count).Select(_ => Hmm.Sample(Length, gen).Symbols.Select(v => (double)v).ToArray()).ToArray();
        return count == 0 ? Tensor.Zeros(0, Length) : ClassicalRows.ToTensor(rows);
    }

    /// <summary><c>{prefix}-trajectories.svg</c>: pen paths of 12 training sequences and 24 sampled ones (red dot: start).</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        var gen = new Generator(7);
        var generated = Enumerable.Range(0, 24).Select(_ => PenTrajectories.Draw(Hmm.Sample(Length, gen).Symbols, Hmm.Symbols)).ToList();
        var rows = new List<(string, IReadOnlyList<(double X, double Y)[]>)>();
        if (Preview != null) rows.Add(("training trajectories", Preview.Take(12).Select(s => PenTrajectories.Draw(s, Hmm.Symbols)).ToList()));
        rows.Add(($"generated by the HMM after {_history.Count} EM iterations", generated.Take(12).ToList()));
        rows.Add(("", generated.Skip(12).ToList()));
        PenTrajectories.SaveSvg(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "trajectories"), ".svg"), rows);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        int n = Hmm.States, m = Hmm.Symbols;
        state["hmm_seen"] = _seen;
        state["hmm_states"] = n;
        state["hmm_symbols"] = m;
        ExactState.Put(tensors, "hmm_history", _history.ToArray());
        ExactState.Put(tensors, "hmm_initial", Enumerable.Range(0, n).Select(Hmm.Initial).ToArray());
        ExactState.Put(tensors, "hmm_transition", Enumerable.Range(0, n * n).Select(i => Hmm.Transition(i / n, i % n)).ToArray());
        ExactState.Put(tensors, "hmm_emission", Enumerable.Range(0, n * m).Select(i => Hmm.Emission(i / m, i % m)).ToArray());
        state["hmm_statistics"] = _stats != null;
        if (_stats == null) return;
        state["hmm_statistics_count"] = _stats.Count;
        ExactState.Put(tensors, "hmm_stat_initial", _stats.InitialCounts);
        ExactState.Put(tensors, "hmm_stat_transition", _stats.TransitionCounts.Cast<double>().ToArray());
        ExactState.Put(tensors, "hmm_stat_emission", _stats.EmissionCounts.Cast<double>().ToArray());
        ExactState.Put(tensors, "hmm_stat_loglik", [_stats.LogLikelihood]);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        int n = state["hmm_states"]!.GetValue<int>(), m = state["hmm_symbols"]!.GetValue<int>();
        _seen = state["hmm_seen"]?.GetValue<int>() ?? 0;
        _history.Clear();
        _history.AddRange(ExactState.Get(tensors, "hmm_history"));
        Hmm = new HiddenMarkovModel(ExactState.Get(tensors, "hmm_initial"), Matrix(ExactState.Get(tensors, "hmm_transition"), n, n),
            Matrix(ExactState.Get(tensors, "hmm_emission"), n, m));
        _stats = null;
        if (state["hmm_statistics"]?.GetValue<bool>() != true) return;
        _stats = new HmmStatistics(Hmm);
        ExactState.Get(tensors, "hmm_stat_initial").CopyTo(_stats.InitialCounts, 0);
        var t = Matrix(ExactState.Get(tensors, "hmm_stat_transition"), n, n);
        var e = Matrix(ExactState.Get(tensors, "hmm_stat_emission"), n, m);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) _stats.TransitionCounts[i, j] = t[i, j];
            for (int k = 0; k < m; k++) _stats.EmissionCounts[i, k] = e[i, k];
        }
        _stats.LogLikelihood = ExactState.Get(tensors, "hmm_stat_loglik")[0];
        _stats.Count = state["hmm_statistics_count"]!.GetValue<long>();
    }

    private static double[,] Matrix(double[] values, int rows, int columns)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = values[i * columns + j];
        return m;
    }
}
