using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Classical.Fitting;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>The expected counts of one Baum–Welch E-step, accumulated sequence by sequence.</summary>
/// <typeparam name="TSequence">One observed sequence.</typeparam>
public interface IBaumWelchStatistics<in TSequence>
{
    /// <summary>Σ log p(x) of the sequences added, under the model of the E-step.</summary>
    double LogLikelihood { get; }

    /// <summary>The number of sequences added.</summary>
    long Count { get; }

    /// <summary>Adds the posterior counts of one sequence; returns its log p(x).</summary>
    double Add(TSequence sequence);
}

/// <summary>
/// A hidden Markov model as a trainable model: one epoch is one Baum–Welch iteration. <see cref="TrainStep"/> adds
/// each batch's expected counts under the current model and solves the M-step after the epoch's last sequence, so
/// the batching does not change the iteration. Subclasses say how rows of a tensor are sequences, how counts are
/// gathered and maximized, and how to draw and save their model.
/// </summary>
/// <typeparam name="THmm">The model (<see cref="HiddenMarkovModel"/>, <see cref="GaussianHmm"/>).</typeparam>
/// <typeparam name="TSequence">One observed sequence.</typeparam>
/// <typeparam name="TStatistics">Its expected counts.</typeparam>
public abstract class BaumWelchModel<THmm, TSequence, TStatistics> : TrainableModel, ISequenceSampler, ILikelihoodModel, IExpectationMaximizationModel
    where THmm : class
    where TStatistics : class, IBaumWelchStatistics<TSequence>
{
    private readonly EmEpochs<TStatistics> _em;

    /// <summary>Wraps a starting model.</summary>
    /// <param name="start">The model Baum–Welch starts from.</param>
    /// <param name="length">The length T of sampled sequences.</param>
    /// <param name="examplesPerEpoch">The number of training sequences: an M-step follows each of these many.</param>
    /// <param name="rng">The model's stream.</param>
    protected BaumWelchModel(THmm start, int length, int examplesPerEpoch, Generator rng)
        : base(rng)
    {
        Hmm = start ?? throw new ArgumentNullException(nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerEpoch);
        Length = length;
        _em = new EmEpochs<TStatistics>(examplesPerEpoch);
    }

    /// <summary>The current model.</summary>
    public THmm Hmm { get; protected set; }

    /// <summary>The length of sampled sequences.</summary>
    public int Length { get; }

    /// <summary>Draws the start of a restart; <see cref="Restart"/> needs it.</summary>
    public Func<Generator, THmm>? Initializer { get; init; }

    /// <summary>Mean log p(x) per training sequence before each completed M-step: never decreasing.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _em.History;

    /// <inheritdoc />
    public abstract double LogPrior { get; }

    /// <summary>The counts of the epoch under way, or null between epochs.</summary>
    protected TStatistics? Statistics
    {
        get => _em.Statistics;
        set => _em.Statistics = value;
    }

    /// <summary>The number of EM iterations completed.</summary>
    protected int Iterations => _em.History.Count;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: Baum–Welch has closed-form steps.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public abstract int[] SampleShape { get; }

    /// <summary>Exact, by the scaled forward pass.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>The sequences held by the rows of <paramref name="x"/>.</summary>
    public abstract TSequence[] Sequences(Tensor x);

    /// <summary>Empty counts whose posteriors come from <paramref name="hmm"/>.</summary>
    protected abstract TStatistics NewStatistics(THmm hmm);

    /// <summary>The M-step.</summary>
    protected abstract THmm Maximize(TStatistics statistics);

    /// <summary>log p(x) of one sequence under the current model.</summary>
    protected abstract double LogLikelihoodOf(TSequence sequence);

    /// <summary>The number of steps of one sequence.</summary>
    protected abstract int StepsOf(TSequence sequence);

    /// <summary>One sequence of <see cref="Length"/> steps drawn from the current model.</summary>
    protected abstract TSequence SampleOne(Generator gen);

    /// <summary>The pen path a sequence draws, or null when its observations are not pen moves.</summary>
    protected abstract (double X, double Y)[]? PenPath(TSequence sequence);

    /// <summary>Whether the observations are pen moves, so that <see cref="PenPath"/> draws every sequence.</summary>
    protected abstract bool DrawsPenPaths { get; }

    /// <summary>Training sequences drawn beside the generated ones by <see cref="WriteSamples"/>.</summary>
    public TSequence[]? Preview { get; set; }

    /// <inheritdoc />
    public abstract Tensor Sample(int count, Generator gen);

    /// <summary><c>{prefix}-trajectories.svg</c>: pen paths of 12 training sequences and 24 sampled ones (red dot: start).</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (!DrawsPenPaths) return;
        var gen = new Generator(7);
        var generated = Enumerable.Range(0, 24).Select(_ => PenPath(SampleOne(gen))).ToList();
        var rows = new List<(string, IReadOnlyList<(double X, double Y)[]>)>();
        if (Preview != null) rows.Add(("training trajectories", Preview.Take(12).Select(s => PenPath(s)!).ToList()));
        rows.Add(($"generated by the {Description} after {Iterations} EM iterations", generated.Take(12).Select(p => p!).ToList()));
        rows.Add(("", generated.Skip(12).Select(p => p!).ToList()));
        PenTrajectories.SaveSvg(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "trajectories"), ".svg"), rows);
    }

    /// <summary>".svg" when the sequences are pen moves (drawn as paths), else ".txt" (one sequence per line).</summary>
    public string SequenceFileExtension => DrawsPenPaths ? ".svg" : ".txt";

    /// <summary>Writes the sequences of <paramref name="samples"/> as drawn pen paths (12 a row) or as text lines of their steps.</summary>
    public void WriteSequences(Tensor samples, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(path);
        var sequences = Sequences(samples);
        if (DrawsPenPaths)
        {
            var rows = sequences.Select(s => PenPath(s)).Chunk(12).Select((chunk, i) => (i == 0 ? title : "", (IReadOnlyList<(double X, double Y)[]>)[.. chunk.Select(p => p!)])).ToList();
            PenTrajectories.SaveSvg(path, rows);
        }
        else
            Latent.IO.AtomicFile.WriteAllText(path, string.Join("\n", sequences.Select(DescribeSequence)) + "\n");
    }

    /// <summary>One line of text for a sequence (its steps separated by spaces).</summary>
    protected abstract string DescribeSequence(TSequence sequence);

    /// <summary>What the model is, for titles ("HMM", "Gaussian HMM (Full covariances)").</summary>
    protected abstract string Description { get; }

    /// <summary>Forgets the fit and starts again from <see cref="Initializer"/> with a generator seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="InvalidOperationException">No initializer was given.</exception>
    public void Restart(ulong seed)
    {
        var initializer = Initializer ?? throw new InvalidOperationException($"{GetType().Name}: restarts need an initializer that draws a new start.");
        Hmm = initializer(new Generator(seed));
        _em.Reset();
    }

    /// <summary>The E-step on one batch, the M-step after the epoch's last; "loss" is −log p(x) per sequence under the current model (nats).</summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sequences = Sequences(batch.Inputs);
        var stats = _em.Open(() => NewStatistics(Hmm));
        double sum = 0;
        foreach (var s in sequences) sum += stats.Add(s);
        if (_em.Count(sequences.Length))
        {
            double mean = stats.LogLikelihood / stats.Count;
            Hmm = Maximize(stats);
            _em.Complete(mean);
        }
        return new Dictionary<string, double> { ["loss"] = -sum / sequences.Length };
    }

    /// <summary>"nll": −log p(x) per held-out sequence (nats), and "nll_per_step".</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double sum = 0;
        long count = 0, steps = 0;
        foreach (var batch in data)
            foreach (var s in Sequences(batch.Inputs))
            {
                sum += LogLikelihoodOf(s);
                count++;
                steps += StepsOf(s);
            }
        return new Dictionary<string, double> { ["nll"] = -sum / count, ["nll_per_step"] = -sum / steps };
    }

    /// <inheritdoc />
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var sequences = Sequences(x);
        var result = Tensor.Zeros(sequences.Length);
        for (int i = 0; i < sequences.Length; i++) result.Data[i] = (float)LogLikelihoodOf(sequences[i]);
        return result;
    }

    /// <summary>Saves where the fit stands (sequences seen this epoch, the log-likelihood history) under <paramref name="prefix"/>.</summary>
    protected void SaveProgress(IDictionary<string, Tensor> tensors, JsonObject state, string prefix) => _em.Save(tensors, state, prefix);

    /// <summary>Restores what <see cref="SaveProgress"/> wrote; returns whether the epoch's counts were saved too.</summary>
    protected bool LoadProgress(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state, string prefix) => _em.Load(tensors, state, prefix);
}
