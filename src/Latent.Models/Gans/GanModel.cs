using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Gans;

/// <summary>
/// A generative adversarial network ready for the trainer: a generator and a discriminator (or critic) with their own
/// optimizers, trained by alternating steps under any <see cref="GanLossKind"/>, with the tricks of
/// <see cref="GanOptions"/> switched on as asked.
/// </summary>
/// <remarks>
/// Each <see cref="TrainStep"/> takes one real batch: it draws one fake batch, makes one discriminator step on the real
/// batch and the detached fakes, and on every k-th call (k = <see cref="GanOptions.DiscriminatorSteps"/>) one generator
/// step that reuses the same fake batch. Real images are expected in [−1, 1] (the range of a tanh generator).
/// A generator with <see cref="VirtualBatchNorm"/> layers gets a reference batch of latent codes (and, when conditional,
/// labels cycling over the classes) drawn once from the model's generator when the model is built; the codes are saved
/// with its checkpoints (the labels follow from the batch size). Every generator pass (<see cref="Generate"/>: training steps, sampling, sample grids) first forwards it
/// through the current generator, as virtual batch normalization prescribes.
/// </remarks>
public sealed class GanModel : TrainableModel
{
    private const int SampleGridPerClass = 10;
    private const string ReferenceKey = "vbn.reference_z";
    private readonly Optimizer _gOptimizer;
    private readonly Optimizer _dOptimizer;
    private readonly HistoricalAverage? _gHistory;
    private readonly HistoricalAverage? _dHistory;
    private readonly ReplayBuffer? _replay;
    private readonly SnapshotPool? _gSnapshots;
    private readonly SnapshotPool? _dSnapshots;
    private readonly Tensor _fixedNoise;
    private Tensor? _referenceZ;
    private readonly int[]? _referenceLabels;
    private long _step;
    private int _swapLeft;
    private double _lastGLoss = double.NaN;

    /// <summary>Builds the model.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="discriminator">The discriminator or critic (conditioned on the same classes as the generator).</param>
    /// <param name="options">Objective, optimizers and tricks.</param>
    /// <param name="rng">The run's generator: latent codes, penalties' ε, replay and snapshot choices.</param>
    /// <param name="toy">For 2-D toy data, the distribution (its points are drawn beside samples, its modes scored).</param>
    /// <exception cref="ArgumentException">Options conflict with each other or with the networks.</exception>
    public GanModel(GanGenerator generator, GanDiscriminator discriminator, GanOptions options, Generator rng, ToyDataset? toy = null)
        : base(rng)
    {
        options.Validate();
        if (generator.Classes != discriminator.Classes)
            throw new ArgumentException($"GanModel: the generator is conditioned on {generator.Classes} classes but the discriminator on {discriminator.Classes}.");
        if (options.UnrollSteps > 0 && discriminator is not MlpDiscriminator)
            throw new ArgumentException("GanModel: unrolled training needs an MlpDiscriminator (evaluated functionally at the look-ahead weights).");
        if (options.ReplayCapacity > 0 && generator.Classes > 0)
            throw new ArgumentException("GanModel: experience replay is not supported for conditional GANs (replayed fakes would lose their labels).");
        Generator = generator;
        Discriminator = discriminator;
        Options = options;
        Toy = toy;
        _gOptimizer = MakeOptimizer(generator, options.GeneratorLr);
        _dOptimizer = MakeOptimizer(discriminator, options.DiscriminatorLr);
        if (options.HistoricalAveraging > 0)
        {
            _gHistory = new HistoricalAverage(generator.Parameters());
            _dHistory = new HistoricalAverage(discriminator.Parameters());
        }
        if (options.ReplayCapacity > 0) _replay = new ReplayBuffer(options.ReplayCapacity, options.ReplayFraction);
        if (options.SnapshotSwapEvery > 0)
        {
            _gSnapshots = new SnapshotPool(generator);
            _dSnapshots = new SnapshotPool(discriminator);
        }
        var fixedGen = new Generator(0x5A3D1E);
        int fixedCount = generator.Classes > 0 ? generator.Classes * SampleGridPerClass : 64;
        _fixedNoise = generator.SampleLatent(fixedCount, fixedGen);
        if (generator.Modules().OfType<VirtualBatchNorm>().Any())
        {
            int n = options.ReferenceBatchSize;
            _referenceZ = generator.SampleLatent(n, rng);
            if (generator.Classes > 0) _referenceLabels = Enumerable.Range(0, n).Select(i => i % generator.Classes).ToArray();
        }
    }

    /// <summary>The generator.</summary>
    public GanGenerator Generator { get; }

    /// <summary>The discriminator or critic.</summary>
    public GanDiscriminator Discriminator { get; }

    /// <summary>The training settings.</summary>
    public GanOptions Options { get; }

    /// <summary>The toy distribution for 2-D data, else null.</summary>
    public ToyDataset? Toy { get; }

    /// <summary>The replay buffer when experience replay is on.</summary>
    public ReplayBuffer? Replay => _replay;

    /// <summary>
    /// The fixed reference latent codes [n, LatentDim] of a generator with virtual batch normalization, else null.
    /// </summary>
    public Tensor? ReferenceLatent => _referenceZ;

    /// <summary>Calls of <see cref="TrainStep"/> so far.</summary>
    public long StepCount => _step;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        ["generator"] = Generator,
        ["discriminator"] = Discriminator,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>
    {
        ["generator"] = _gOptimizer,
        ["discriminator"] = _dOptimizer,
    };

    /// <summary>
    /// Runs the generator on <paramref name="z"/>, after forwarding the reference batch through it when it has virtual
    /// batch norm layers (the statistics then belong to the current weights and stay in the result's graph).
    /// </summary>
    /// <param name="z">Latent codes [N, LatentDim].</param>
    /// <param name="labels">Class labels for a conditional generator, else null.</param>
    /// <returns>Samples [N, ...SampleShape].</returns>
    public Tensor Generate(Tensor z, int[]? labels = null)
    {
        if (_referenceZ is not { } referenceZ) return Generator.Generate(z, labels);
        return VirtualBatchNorm.WithReference(Generator, () => Generator.Generate(referenceZ, _referenceLabels), () => Generator.Generate(z, labels));
    }

    /// <summary>Draws <paramref name="n"/> samples (in evaluation mode, without a graph).</summary>
    /// <param name="n">How many.</param>
    /// <param name="gen">Draws the latent codes.</param>
    /// <param name="labels">Class labels for a conditional generator, else null.</param>
    public Tensor Sample(int n, Generator gen, int[]? labels = null)
    {
        bool training = Generator.IsTraining;
        Generator.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            return Generate(Generator.SampleLatent(n, gen), labels);
        }
        finally { Generator.Train(training); }
    }

    /// <summary>
    /// Image samples mapped from the generator's [−1, 1] to [0, 1] (for a conditional generator the classes cycle over
    /// the rows), or null for 2-D toy data.
    /// </summary>
    public override Tensor? SampleImages(int count)
    {
        if (Generator.SampleShape.Length != 3) return null;
        int[]? labels = Generator.Classes > 0 ? Enumerable.Range(0, count).Select(i => i % Generator.Classes).ToArray() : null;
        return ((Sample(count, Rng, labels) + 1f) * 0.5f).Clamp(0f, 1f);
    }

    /// <inheritdoc />
    /// <returns>
    /// "d_loss", "d_real" and "d_fake" (mean scores) when the discriminator stepped (not while a past one is swapped
    /// in), "g_loss" (the latest generator loss, once there is one) and "swapped" (1 while a snapshot is swapped in).
    /// </returns>
    /// <exception cref="ArgumentException">A conditional model got a batch without labels.</exception>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        _step++;
        var real = batch.Inputs;
        int[]? labels = Generator.Classes > 0
            ? batch.Labels ?? throw new ArgumentException("GanModel: a conditional GAN needs labelled batches.")
            : null;
        UpdateSnapshots();
        bool generatorStep = _step % Options.DiscriminatorSteps == 0 && _gSnapshots?.IsSwapped != true;
        Tensor fake;
        // Only the generator step differentiates through the fakes; on discriminator-only steps they carry no graph.
        using (GradMode.Set(GradMode.IsEnabled && generatorStep))
            fake = Generate(Generator.SampleLatent(real.Shape[0], Rng), labels);
        var metrics = new Dictionary<string, double>();
        if (_dSnapshots?.IsSwapped != true) DiscriminatorStep(real, fake, labels, metrics);
        if (generatorStep) _lastGLoss = GeneratorStep(real, fake, labels);
        if (!double.IsNaN(_lastGLoss)) metrics["g_loss"] = _lastGLoss; // absent until the first generator step
        metrics["swapped"] = _swapLeft > 0 ? 1 : 0;
        return metrics;
    }

    private void DiscriminatorStep(Tensor real, Tensor fake, int[]? labels, Dictionary<string, double> metrics)
    {
        _dOptimizer.ZeroGrad();
        var fakes = _replay != null ? _replay.MixAndPush(fake, Rng) : fake.Detach();
        var (realScores, fakeScores) = ScoreBoth(real, fakes, labels);
        var loss = GanLosses.Discriminator(Options.Loss, realScores, fakeScores, Options.RealTarget);
        Func<Tensor, Tensor> critic = x => Discriminator.Score(x, labels);
        if (Options.GradientPenalty > 0) loss = loss + (float)Options.GradientPenalty * GradientPenalties.Wgan(critic, real, fakes, Rng);
        if (Options.R1 > 0) loss = loss + (float)(Options.R1 / 2) * GradientPenalties.R1(critic, real);
        if (_dHistory != null) loss = loss + (float)Options.HistoricalAveraging * _dHistory.Penalty();
        loss.Backward();
        _dOptimizer.Step();
        if (Options.WeightClip > 0) Clipping.ClipWeights(Discriminator.Parameters(), Options.WeightClip);
        _dHistory?.Update();
        metrics["d_loss"] = loss.Item();
        metrics["d_real"] = realScores.Mean().Item();
        metrics["d_fake"] = fakeScores.Mean().Item();
    }

    private (Tensor Real, Tensor Fake) ScoreBoth(Tensor real, Tensor fake, int[]? labels)
    {
        if (Options.SeparateBatches) return (Discriminator.Score(real, labels), Discriminator.Score(fake, labels));
        int n = real.Shape[0];
        var scores = Discriminator.Score(Tensor.Concat([real, fake], 0), labels == null ? null : [.. labels, .. labels]);
        return (scores.Narrow(0, 0, n), scores.Narrow(0, n, fake.Shape[0]));
    }

    private double GeneratorStep(Tensor real, Tensor fake, int[]? labels)
    {
        _gOptimizer.ZeroGrad();
        Tensor loss;
        if (Options.UnrollSteps > 0)
            loss = UnrolledObjective.GeneratorLoss((MlpDiscriminator)Discriminator, Options.Loss, real, fake, Options.UnrollSteps,
                (float)Options.UnrollLr, labels, Options.RealTarget);
        else if (Options.FeatureMatching)
            loss = FeatureMatching.Loss(Discriminator.Features(real, labels), Discriminator.Features(fake, labels));
        else
            loss = GanLosses.Generator(Options.Loss, Discriminator.Score(fake, labels));
        if (_gHistory != null) loss = loss + (float)Options.HistoricalAveraging * _gHistory.Penalty();
        // Only G's gradients are used here: D's weight-gradient products are skipped, not computed and thrown away.
        loss.Backward(inputs: Generator.Parameters().Where(p => p.RequiresGrad));
        _gOptimizer.Step();
        _gHistory?.Update();
        return loss.Item();
    }

    /// <summary>Snapshot swapping: capture every N steps; half-way between captures swap a random past G or D in.</summary>
    private void UpdateSnapshots()
    {
        if (_gSnapshots == null || _dSnapshots == null) return;
        if (_swapLeft > 0 && --_swapLeft == 0)
        {
            if (_gSnapshots.IsSwapped) _gSnapshots.Restore();
            if (_dSnapshots.IsSwapped) _dSnapshots.Restore();
        }
        int every = Options.SnapshotSwapEvery;
        if (_swapLeft > 0) return;
        if (_step % every == 0)
        {
            _gSnapshots.Capture();
            _dSnapshots.Capture();
        }
        else if (_step % every == every / 2 && _gSnapshots.Count > 0)
        {
            (Rng.NextInt(2) == 0 ? _gSnapshots : _dSnapshots).SwapIn(Rng);
            _swapLeft = Options.SnapshotSwapLength;
        }
    }

    /// <summary>For toy data with known modes: "modes_covered" and "high_quality" of 2,500 samples (see <see cref="ModeCoverage"/>).</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        if (Toy?.Modes is not { } modes || Generator.Classes > 0) return new Dictionary<string, double>();
        var report = ModeCoverage.Evaluate(Sample(2500, new Generator(0xC0FFEE)), modes, Toy.ModeStd);
        return new Dictionary<string, double> { ["modes_covered"] = report.ModesCovered, ["high_quality"] = report.HighQualityFraction };
    }

    /// <summary>
    /// Writes <c>{prefix}.png</c> (images from fixed latent codes; one row per class when conditional) or, for 2-D data,
    /// <c>{prefix}.svg</c> with samples over the data.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        Directory.CreateDirectory(directory);
        Tensor samples;
        using (Autograd.NoGrad()) samples = Generate(_fixedNoise, FixedLabels());
        if (Generator.SampleShape.Length == 3)
        {
            ImageGrid.Save(samples, Path.Combine(directory, prefix + ".png"),
                columns: Generator.Classes > 0 ? SampleGridPerClass : null, low: -1f, high: 1f);
            return;
        }
        var plot = new ScatterPlot { Title = $"GAN samples ({prefix})", PointRadius = 1.5 };
        if (Toy != null) plot.Add(Toy.Points.Narrow(0, 0, Math.Min(Toy.Count, 1000)), name: "data");
        plot.Add(samples.Reshape(samples.Shape[0], -1), name: "generated");
        plot.Save(Path.Combine(directory, prefix + ".svg"));
    }

    private int[]? FixedLabels()
        => Generator.Classes == 0 ? null : Enumerable.Range(0, _fixedNoise.Shape[0]).Select(i => i / SampleGridPerClass).ToArray();

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        state["gan_step"] = _step;
        state["gan_swap_left"] = _swapLeft;
        state["gan_last_g_loss"] = double.IsNaN(_lastGLoss) ? null : _lastGLoss;
        if (_replay is { Count: > 0 }) tensors["replay"] = _replay.Contents();
        SaveHistory(_gHistory, "history.generator", tensors, state);
        SaveHistory(_dHistory, "history.discriminator", tensors, state);
        _gSnapshots?.Save(tensors, state, "snapshots.generator");
        _dSnapshots?.Save(tensors, state, "snapshots.discriminator");
        if (_referenceZ != null) tensors[ReferenceKey] = _referenceZ;
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        _step = state["gan_step"]?.GetValue<long>() ?? 0;
        _swapLeft = state["gan_swap_left"]?.GetValue<int>() ?? 0;
        _lastGLoss = state["gan_last_g_loss"]?.GetValue<double>() ?? double.NaN;
        if (_replay != null && tensors.TryGetValue("replay", out var replay)) _replay.Load(replay);
        LoadHistory(_gHistory, "history.generator", tensors, state);
        LoadHistory(_dHistory, "history.discriminator", tensors, state);
        _gSnapshots?.Load(tensors, state, "snapshots.generator");
        _dSnapshots?.Load(tensors, state, "snapshots.discriminator");
        if (_referenceZ != null)
        {
            var z = tensors.TryGetValue(ReferenceKey, out var t) ? t
                : throw new InvalidDataException($"GanModel: the checkpoint lacks '{ReferenceKey}', the virtual batch norm reference batch.");
            if (!z.Shape.SequenceEqual(_referenceZ.Shape))
                throw new InvalidDataException($"GanModel: the checkpoint's reference batch is {LatentSpace.ShapeText.Format(z.Shape)}, the model expects {LatentSpace.ShapeText.Format(_referenceZ.Shape)} (--reference-batch).");
            _referenceZ = z.Clone();
        }
    }

    private static void SaveHistory(HistoricalAverage? history, string prefix, IDictionary<string, Tensor> tensors, JsonObject state)
    {
        if (history == null) return;
        for (int i = 0; i < history.Averages.Count; i++) tensors[$"{prefix}.{i}"] = history.Averages[i];
        state[prefix] = history.Count;
    }

    private static void LoadHistory(HistoricalAverage? history, string prefix, IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        if (history == null) return;
        var averages = Enumerable.Range(0, history.Averages.Count).Select(i => tensors.TryGetValue($"{prefix}.{i}", out var t)
            ? t : throw new InvalidDataException($"GanModel: the checkpoint lacks '{prefix}.{i}'.")).ToList();
        history.Load(averages, state[prefix]?.GetValue<long>() ?? throw new InvalidDataException($"GanModel: the checkpoint lacks '{prefix}'."));
    }

    private Optimizer MakeOptimizer(Module module, double lr) => Options.RmsProp
        ? new RmsProp(module.Parameters(), lr)
        : new Adam(module.Parameters(), lr, Options.Beta1, Options.Beta2);
}
