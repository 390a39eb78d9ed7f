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
/// A <see cref="GaussianHmm"/> of continuous sequences (unit pen steps (Δx, Δy)) as a trainable model: one epoch is one
/// Baum–Welch iteration, accumulated batch by batch in <see cref="GaussianHmmStatistics"/>. Sequences are rows
/// [N, T·D] of T observations of D values each.
/// </summary>
public sealed class GaussianHmmModel : TrainableModel, ISampler, ILikelihoodModel, IExpectationMaximizationModel
{
    private readonly int _examplesPerEpoch;
    private readonly List<double> _history = [];
    private GaussianHmmStatistics? _stats;
    private int _seen;

    /// <summary>Wraps a starting model.</summary>
    /// <param name="start">The model Baum–Welch starts from.</param>
    /// <param name="length">The length T of the sequences it scores and samples.</param>
    /// <param name="examplesPerEpoch">The number of training sequences.</param>
    /// <param name="varianceFloor">The ridge added to every variance in the M-step.</param>
    /// <param name="rng">The model's stream.</param>
    public GaussianHmmModel(GaussianHmm start, int length, int examplesPerEpoch, double varianceFloor, Generator rng)
        : base(rng)
    {
        Hmm = start ?? throw new ArgumentNullException(nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerEpoch);
        if (!(varianceFloor > 0)) throw new ArgumentException($"Gaussian HMM: the variance floor must be positive, got {varianceFloor}.", nameof(varianceFloor));
        Length = length;
        VarianceFloor = varianceFloor;
        _examplesPerEpoch = examplesPerEpoch;
    }

    /// <summary>The current model.</summary>
    public GaussianHmm Hmm { get; private set; }

    /// <summary>The sequence length T.</summary>
    public int Length { get; }

    /// <summary>The ridge λ of the M-step.</summary>
    public double VarianceFloor { get; }

    /// <summary>Draws the start of a restart; <see cref="Restart"/> needs it.</summary>
    public Func<Generator, GaussianHmm>? Initializer { get; init; }

    /// <summary>Training sequences drawn beside the generated ones by <see cref="WriteSamples"/>.</summary>
    public double[][][]? Preview { get; set; }

    /// <summary>Mean log p(x) per training sequence before each completed M-step: never decreasing.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _history;

    /// <summary>0: Baum–Welch here is maximum likelihood (the variance ridge is no prior).</summary>
    public double LogPrior => 0;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: Baum–Welch has closed-form steps.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => [Length, Hmm.Dimension];

    /// <summary>Exact, by the scaled forward pass.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>Forgets the fit and starts again from <see cref="Initializer"/> with a generator seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="InvalidOperationException">No initializer was given.</exception>
    public void Restart(ulong seed)
    {
        var initializer = Initializer ?? throw new InvalidOperationException("Gaussian HMM: restarts need an initializer that draws a new start.");
        Hmm = initializer(new Generator(seed));
        _stats = null;
        _seen = 0;
        _history.Clear();
    }

    /// <summary>The sequences of rows [N, T·D] (or [N, T, D]).</summary>
    /// <exception cref="ArgumentException">A row does not hold T·D values.</exception>
    public double[][][] Sequences(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = Hmm.Dimension;
        var rows = ClassicalRows.FromTensor(x.Reshape(x.Shape[0], -1));
        if (rows.Length > 0 && rows[0].Length != Length * d)
            throw new ArgumentException($"Gaussian HMM: rows of {rows[0].Length} values, expected T·D = {Length}·{d}.", nameof(x));
        return rows.Select(r => Enumerable.Range(0, Length).Select(t => r.AsSpan(t * d, d).ToArray()).ToArray()).ToArray();
    }

    /// <summary>The E-step on one batch, the M-step after the epoch's last; "loss" is −log p(x) per sequence under the current model (nats).</summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sequences = Sequences(batch.Inputs);
        _stats ??= new GaussianHmmStatistics(Hmm);
        double sum = 0;
        foreach (var s in sequences) sum += _stats.Add(s);
        _seen += sequences.Length;
        if (_seen >= _examplesPerEpoch)
        {
            _history.Add(_stats.LogLikelihood / _stats.Count);
            Hmm = _stats.Maximize(VarianceFloor);
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
        int count = 0;
        foreach (var batch in data)
            foreach (var s in Sequences(batch.Inputs))
            {
                sum += Hmm.LogLikelihood(s);
                count++;
            }
        return new Dictionary<string, double> { ["nll"] = -sum / count, ["nll_per_step"] = -sum / ((double)count * Length) };
    }

    /// <inheritdoc />
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var sequences = Sequences(x);
        var result = Tensor.Zeros(sequences.Length);
        for (int i = 0; i < sequences.Length; i++) result.Data[i] = (float)Hmm.LogLikelihood(sequences[i]);
        return result;
    }

    /// <summary>Sequences [count, T, D] drawn from the model.</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var rows = Enumerable.Range(0, count).Select(_ => Hmm.Sample(Length, gen).Observations.SelectMany(o => o).ToArray()).ToArray();
        return count == 0 ? Tensor.Zeros(0, Length, Hmm.Dimension) : ClassicalRows.ToTensor(rows).Reshape(count, Length, Hmm.Dimension);
    }

    /// <summary><c>{prefix}-trajectories.svg</c>: pen paths of 12 training sequences and 24 sampled ones (red dot: start).</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Hmm.Dimension != 2) return;
        var gen = new Generator(7);
        var generated = Enumerable.Range(0, 24).Select(_ => PenTrajectories.DrawSteps(Hmm.Sample(Length, gen).Observations)).ToList();
        var rows = new List<(string, IReadOnlyList<(double X, double Y)[]>)>();
        if (Preview != null) rows.Add(("training trajectories", Preview.Take(12).Select(PenTrajectories.DrawSteps).ToList()));
        rows.Add(($"generated by the Gaussian HMM ({Hmm.Covariance} covariances) after {_history.Count} EM iterations", generated.Take(12).ToList()));
        rows.Add(("", generated.Skip(12).ToList()));
        PenTrajectories.SaveSvg(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "trajectories"), ".svg"), rows);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        int n = Hmm.States, d = Hmm.Dimension;
        state["ghmm_seen"] = _seen;
        state["ghmm_states"] = n;
        state["ghmm_dimension"] = d;
        ExactState.Put(tensors, "ghmm_history", _history.ToArray());
        ExactState.Put(tensors, "ghmm_initial", Enumerable.Range(0, n).Select(Hmm.Initial).ToArray());
        ExactState.Put(tensors, "ghmm_transition", Enumerable.Range(0, n * n).Select(i => Hmm.Transition(i / n, i % n)).ToArray());
        ExactState.Put(tensors, "ghmm_means", Enumerable.Range(0, n).SelectMany(s => Hmm.Emission(s).Mean).ToArray());
        ExactState.Put(tensors, "ghmm_covariances", Enumerable.Range(0, n).SelectMany(s => Hmm.Emission(s).Covariance.Cast<double>()).ToArray());
        state["ghmm_statistics"] = _stats != null;
        if (_stats == null) return;
        state["ghmm_statistics_count"] = _stats.Count;
        state["ghmm_statistics_steps"] = _stats.Emissions.Count;
        ExactState.Put(tensors, "ghmm_stat_initial", _stats.InitialCounts);
        ExactState.Put(tensors, "ghmm_stat_transition", _stats.TransitionCounts.Cast<double>().ToArray());
        ExactState.Put(tensors, "ghmm_stat_mass", _stats.Emissions.Mass);
        ExactState.Put(tensors, "ghmm_stat_first", _stats.Emissions.FirstMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "ghmm_stat_second", _stats.Emissions.SecondMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "ghmm_stat_loglik", [_stats.LogLikelihood]);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        int n = state["ghmm_states"]!.GetValue<int>(), d = state["ghmm_dimension"]!.GetValue<int>();
        _seen = state["ghmm_seen"]?.GetValue<int>() ?? 0;
        _history.Clear();
        _history.AddRange(ExactState.Get(tensors, "ghmm_history"));
        var initial = ExactState.Get(tensors, "ghmm_initial");
        var flat = ExactState.Get(tensors, "ghmm_transition");
        var transition = new double[n, n];
        for (int i = 0; i < n * n; i++) transition[i / n, i % n] = flat[i];
        var means = ExactState.Get(tensors, "ghmm_means");
        var covariances = ExactState.Get(tensors, "ghmm_covariances");
        var kind = Hmm.Covariance;
        var emissions = new Gaussian[n];
        for (int s = 0; s < n; s++)
        {
            var mean = means.AsSpan(s * d, d).ToArray();
            var cov = new double[d, d];
            for (int i = 0; i < d * d; i++) cov[i / d, i % d] = covariances[s * d * d + i];
            emissions[s] = kind == CovarianceKind.Full ? Gaussian.Full(mean, cov) : Gaussian.Diagonal(mean, Enumerable.Range(0, d).Select(i => cov[i, i]).ToArray());
        }
        Hmm = new GaussianHmm(initial, transition, emissions, kind);
        _stats = null;
        if (state["ghmm_statistics"]?.GetValue<bool>() != true) return;
        _stats = new GaussianHmmStatistics(Hmm);
        ExactState.Get(tensors, "ghmm_stat_initial").CopyTo(_stats.InitialCounts, 0);
        var t = ExactState.Get(tensors, "ghmm_stat_transition");
        for (int i = 0; i < n * n; i++) _stats.TransitionCounts[i / n, i % n] = t[i];
        _stats.RestoreEmissions(MixtureStatistics.Restore(n, d, kind, ExactState.Get(tensors, "ghmm_stat_mass"), ExactState.Get(tensors, "ghmm_stat_first"),
            ExactState.Get(tensors, "ghmm_stat_second"), 0, state["ghmm_statistics_steps"]!.GetValue<long>()));
        _stats.LogLikelihood = ExactState.Get(tensors, "ghmm_stat_loglik")[0];
        _stats.Count = state["ghmm_statistics_count"]!.GetValue<long>();
    }
}
