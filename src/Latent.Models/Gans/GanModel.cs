using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.IO;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Gans;

/// <summary>
/// A generative adversarial network ready for the trainer: a generator and a discriminator (or critic) with their own
/// optimizers, trained by alternating steps under any <see cref="GanLossKind"/>, with the tricks of
/// <see cref="GanOptions"/> switched on as asked. The tricks are <see cref="GanTrick"/> hooks and the generator's
/// loss an <see cref="IGeneratorObjective"/>, so a new trick or objective is a new class passed to the constructor.
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
public sealed class GanModel : TrainableModel, IConditionalSampler
{
    private const int SampleGridPerClass = 10;
    private readonly Optimizer _gOptimizer;
    private readonly Optimizer _dOptimizer;
    private readonly Tensor _fixedNoise;
    private long _step;
    private double _lastGLoss = double.NaN;

    /// <summary>Builds the model with the tricks and generator objective that <paramref name="options"/> switch on.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="discriminator">The discriminator or critic (conditioned on the same classes as the generator).</param>
    /// <param name="options">Objective, optimizers and tricks.</param>
    /// <param name="rng">The run's generator: latent codes, penalties' ε, replay and snapshot choices.</param>
    /// <param name="toy">For 2-D toy data, the distribution (its points are drawn beside samples, its modes scored).</param>
    /// <param name="extraTricks">Further hooks, called after the built-in ones.</param>
    /// <param name="objective">The generator's objective; null picks the one <paramref name="options"/> describe.</param>
    /// <exception cref="ArgumentException">Options conflict with each other or with the networks.</exception>
    public GanModel(GanGenerator generator, GanDiscriminator discriminator, GanOptions options, Generator rng, ToyDataset? toy = null,
        IEnumerable<GanTrick>? extraTricks = null, IGeneratorObjective? objective = null)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (generator.Classes != discriminator.Classes)
            throw new ArgumentException($"GanModel: the generator is conditioned on {generator.Classes} classes but the discriminator on {discriminator.Classes}.");
        if (options.ReplayCapacity > 0 && generator.Classes > 0)
            throw new ArgumentException("GanModel: experience replay is not supported for conditional GANs (replayed fakes would lose their labels).");
        Generator = generator;
        Discriminator = discriminator;
        Options = options;
        Toy = toy;
        Objective = objective ?? ObjectiveOf(options);
        Objective.Check(discriminator);
        _gOptimizer = MakeOptimizer(generator, options.GeneratorLr);
        _dOptimizer = MakeOptimizer(discriminator, options.DiscriminatorLearningRate);
        var fixedGen = new Generator(0x5A3D1E);
        int fixedCount = generator.Classes > 0 ? generator.Classes * SampleGridPerClass : 64;
        _fixedNoise = generator.SampleLatent(fixedCount, fixedGen);
        Tricks = [.. TricksOf(options, generator, discriminator, rng), .. extraTricks ?? []];
    }

    /// <summary>The generator.</summary>
    public GanGenerator Generator { get; }

    /// <summary>The discriminator or critic.</summary>
    public GanDiscriminator Discriminator { get; }

    /// <summary>The training settings.</summary>
    public GanOptions Options { get; }

    /// <summary>The toy distribution for 2-D data, else null.</summary>
    public ToyDataset? Toy { get; }

    /// <summary>The generator's objective.</summary>
    public IGeneratorObjective Objective { get; }

    /// <summary>The training tricks in the order their hooks run.</summary>
    public IReadOnlyList<GanTrick> Tricks { get; }

    /// <summary>The replay buffer when experience replay is on.</summary>
    public ReplayBuffer? Replay => Tricks.OfType<ReplayTrick>().FirstOrDefault()?.Buffer;

    /// <summary>
    /// The fixed reference latent codes [n, LatentDim] of a generator with virtual batch normalization, else null.
    /// </summary>
    public Tensor? ReferenceLatent => Tricks.OfType<VirtualBatchReferenceTrick>().FirstOrDefault()?.Latent;

    /// <summary>Calls of <see cref="TrainStep"/> so far.</summary>
    public long StepCount => _step;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => WithTricks(new Dictionary<string, Module>
    {
        ["generator"] = Generator,
        ["discriminator"] = Discriminator,
    }, t => t.Modules);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => WithTricks(new Dictionary<string, Optimizer>
    {
        ["generator"] = _gOptimizer,
        ["discriminator"] = _dOptimizer,
    }, t => t.Optimizers);

    private Dictionary<string, T> WithTricks<T>(Dictionary<string, T> own, Func<GanTrick, IReadOnlyDictionary<string, T>> ofTrick)
    {
        foreach (var trick in Tricks)
            foreach (var (name, value) in ofTrick(trick)) own.Add(name, value);
        return own;
    }

    /// <summary>
    /// The tricks <paramref name="options"/> switch on, in the order their hooks run: snapshot swapping, the virtual
    /// batch norm reference, replay, gradient penalty, R1, weight clipping, historical averaging, the tempered GAN's lens.
    /// </summary>
    public static IReadOnlyList<GanTrick> TricksOf(GanOptions options, GanGenerator generator, GanDiscriminator discriminator, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tricks = new List<GanTrick>();
        if (options.SnapshotSwapEvery > 0) tricks.Add(new SnapshotSwapTrick(generator, discriminator, options.SnapshotSwapEvery, options.SnapshotSwapLength));
        if (generator.Modules().OfType<VirtualBatchNorm>().Any()) tricks.Add(new VirtualBatchReferenceTrick(generator, options.ReferenceBatchSize, rng));
        if (options.ReplayCapacity > 0) tricks.Add(new ReplayTrick(new ReplayBuffer(options.ReplayCapacity, options.ReplayFraction)));
        if (options.GradientPenalty > 0) tricks.Add(new GradientPenaltyTrick(options.GradientPenalty));
        if (options.R1 > 0) tricks.Add(new R1Trick(options.R1));
        if (options.WeightClip > 0) tricks.Add(new WeightClippingTrick(discriminator, options.WeightClip));
        if (options.HistoricalAveraging > 0) tricks.Add(new HistoricalAveragingTrick(generator, discriminator, options.HistoricalAveraging));
        if (options.LensAnnealSteps > 0)
            tricks.Add(new LensTrick(new LensNetwork(generator.SampleShape, rng), discriminator, options.LensAnnealSteps, options.LensWeight, options.DiscriminatorLearningRate));
        return tricks;
    }

    /// <summary>The generator objective <paramref name="options"/> describe: unrolled, feature matching, or the adversarial loss.</summary>
    public static IGeneratorObjective ObjectiveOf(GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UnrollSteps > 0) return new UnrolledGeneratorObjective(options.Loss, options.UnrollSteps, (float)options.UnrollLr, options.RealTarget);
        if (options.FeatureMatching) return new FeatureMatchingObjective();
        return new AdversarialObjective(options.Loss);
    }

    /// <summary>
    /// Runs the generator on <paramref name="z"/> through the tricks' wrappers (a virtual batch norm reference batch is
    /// forwarded first, so its statistics belong to the current weights and stay in the result's graph).
    /// </summary>
    /// <param name="z">Latent codes [N, LatentDim].</param>
    /// <param name="labels">Class labels for a conditional generator, else null.</param>
    /// <returns>Samples [N, ...SampleShape].</returns>
    public Tensor Generate(Tensor z, int[]? labels = null)
    {
        Func<Tensor> pass = () => Generator.Generate(z, labels);
        foreach (var trick in Tricks)
        {
            var inner = pass;
            pass = () => trick.Generate(inner);
        }
        return pass();
    }

    /// <summary>Draws <paramref name="n"/> samples in the generator's range (in evaluation mode, without a graph).</summary>
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

    /// <inheritdoc />
    public int[] SampleShape => Generator.SampleShape;

    /// <inheritdoc />
    public int Classes => Generator.Classes;

    /// <summary>
    /// <paramref name="count"/> samples in the data's range: images mapped from the generator's [−1, 1] to [0, 1], toy
    /// points as they are; a conditional generator cycles over the classes.
    /// </summary>
    Tensor ISampler.Sample(int count, Generator gen)
        => ToDataRange(Sample(count, gen, Classes > 0 ? Enumerable.Range(0, count).Select(i => i % Classes).ToArray() : null));

    /// <summary>One sample per label, in the data's range.</summary>
    Tensor IConditionalSampler.Sample(int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (Classes == 0) throw new InvalidOperationException("GanModel: this GAN is not conditional.");
        return ToDataRange(Sample(labels.Length, gen, labels));
    }

    private Tensor ToDataRange(Tensor samples) => SampleShape.Length == 3 ? ((samples + 1f) * 0.5f).Clamp(0f, 1f) : samples;

    /// <inheritdoc />
    /// <returns>
    /// "d_loss", "d_real" and "d_fake" (mean scores) when the discriminator stepped (not while a past one is swapped
    /// in), "g_loss" (the latest generator loss, once there is one), and the tricks' own metrics ("swapped" with
    /// snapshot swapping).
    /// </returns>
    /// <exception cref="ArgumentException">A conditional model got a batch without labels.</exception>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        _step++;
        var real = batch.Inputs;
        int[]? labels = Generator.Classes > 0
            ? batch.Labels ?? throw new ArgumentException("GanModel: a conditional GAN needs labelled batches.")
            : null;
        foreach (var trick in Tricks) trick.BeforeStep(_step, Rng);
        bool generatorStep = _step % Options.DiscriminatorSteps == 0 && !Tricks.Any(t => t.HoldsGenerator);
        Tensor fake;
        // Only the generator step differentiates through the fakes; on discriminator-only steps they carry no graph.
        using (GradMode.Set(GradMode.IsEnabled && generatorStep))
            fake = Generate(DrawForBatch(real.Shape[0], n => Generator.SampleLatent(n, Rng)), labels); // the global batch's z under data parallelism
        var metrics = new Dictionary<string, double>();
        if (!Tricks.Any(t => t.HoldsDiscriminator)) DiscriminatorStep(real, fake, labels, metrics);
        if (generatorStep) _lastGLoss = GeneratorStep(new GanBatch(real, fake, labels));
        if (!double.IsNaN(_lastGLoss)) metrics["g_loss"] = _lastGLoss; // absent until the first generator step
        foreach (var trick in Tricks) trick.Report(metrics);
        return metrics;
    }

    private void DiscriminatorStep(Tensor real, Tensor fake, int[]? labels, Dictionary<string, double> metrics)
    {
        _dOptimizer.ZeroGrad();
        foreach (var trick in Tricks) real = trick.RealsForDiscriminator(real, labels);
        var fakes = fake.Detach();
        foreach (var trick in Tricks) fakes = trick.FakesForDiscriminator(fakes, Rng);
        var (realScores, fakeScores) = ScoreBoth(real, fakes, labels);
        var loss = GanLosses.Discriminator(Options.Loss, realScores, fakeScores, Options.RealTarget);
        Func<Tensor, Tensor> critic = x => Discriminator.Score(x, labels);
        var batch = new GanBatch(real, fakes, labels) { Draw = DrawForBatch };
        foreach (var trick in Tricks)
            if (trick.DiscriminatorPenalty(critic, batch, Rng) is { } penalty) loss = loss + penalty;
        loss.Backward();
        _dOptimizer.Step();
        foreach (var trick in Tricks) trick.AfterDiscriminatorStep();
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

    private double GeneratorStep(GanBatch batch)
    {
        _gOptimizer.ZeroGrad();
        var loss = Objective.Loss(Discriminator, batch);
        foreach (var trick in Tricks)
            if (trick.GeneratorPenalty() is { } penalty) loss = loss + penalty;
        // Only G's gradients are used here: D's weight-gradient products are skipped, not computed and thrown away.
        loss.Backward(inputs: Generator.Parameters().Where(p => p.RequiresGrad));
        _gOptimizer.Step();
        foreach (var trick in Tricks) trick.AfterGeneratorStep();
        return loss.Item();
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
        state["gan_last_g_loss"] = double.IsNaN(_lastGLoss) ? null : _lastGLoss;
        foreach (var trick in Tricks) trick.Save(tensors, state);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        _step = state["gan_step"]?.GetValue<long>() ?? 0;
        _lastGLoss = state["gan_last_g_loss"]?.GetValue<double>() ?? double.NaN;
        foreach (var trick in Tricks) trick.Load(tensors, state);
    }

    private Optimizer MakeOptimizer(Module module, double lr) => Options.Optimizer == GanOptimizer.RmsProp
        ? new RmsProp(module.Parameters(), lr)
        : new Adam(module.Parameters(), lr, Options.Beta1, Options.Beta2);
}
