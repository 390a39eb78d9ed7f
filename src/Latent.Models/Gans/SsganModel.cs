using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Gans;

/// <summary>
/// The semi-supervised GAN (Salimans et al. 2016): a K+1-class discriminator (<see cref="SsganDiscriminator"/>)
/// learns the classes from a few labelled images and real-vs-fake from all the unlabelled ones
/// (<see cref="SemiSupervisedGanLoss"/>), while a generator trained by feature matching on the classifier's last
/// hidden layer supplies the fakes. With <see cref="SsganOptions.LabelsOnly"/> only the supervised term is trained:
/// the same classifier on the labels alone, the baseline the GAN's accuracy is read against.
/// </summary>
/// <remarks>
/// Each step takes one unlabelled batch (the trainer's; its labels are ignored) and draws a labelled batch from the
/// labelled subset. Images are in [−1, 1].
/// </remarks>
public sealed class SsganModel : TrainableModel, ISampler
{
    private const int GridSamples = 100;
    private readonly SsganOptions _options;
    private readonly Adam _dOptimizer;
    private readonly Adam _gOptimizer;
    private readonly Tensor _fixedNoise;
    private readonly long _totalSteps;
    private long _step;

    /// <summary>Builds the model.</summary>
    /// <param name="generator">The generator (unconditional, images in [−1, 1]).</param>
    /// <param name="discriminator">The K-logit classifier.</param>
    /// <param name="labelled">The labelled subset.</param>
    /// <param name="options">Weights and optimizer settings.</param>
    /// <param name="rng">The run's generator: latent codes and labelled batches.</param>
    /// <param name="totalSteps">The steps the run will take, over whose last <see cref="SsganOptions.LrDecay"/> share
    /// both learning rates fall linearly to 0; null (or 0) keeps them constant.</param>
    public SsganModel(GanGenerator generator, SsganDiscriminator discriminator, LabelledSubset labelled, SsganOptions options, Generator rng,
        long? totalSteps = null) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(labelled);
        options.Validate();
        if (labelled.Labels.Any(l => l >= discriminator.Classes))
            throw new ArgumentException($"SsganModel: a label is outside the classifier's {discriminator.Classes} classes.");
        Generator = generator;
        Discriminator = discriminator;
        Labelled = labelled;
        _options = options;
        _dOptimizer = new Adam(discriminator.Parameters(), options.LearningRate, options.Beta1);
        _gOptimizer = new Adam(generator.Parameters(), options.LearningRate, options.Beta1);
        _fixedNoise = generator.SampleLatent(GridSamples, new Generator(0x55A));
        _totalSteps = totalSteps ?? 0;
    }

    /// <summary>
    /// The model on Fashion-MNIST as <paramref name="options"/> describe: a labelled subset of
    /// <see cref="SsganOptions.Labels"/> images (stream 5 of the seed) drawn from the training images in use, all of
    /// them unlabelled too, the test split for <see cref="Evaluate"/>. When <see cref="ModelOptions.TrainSize"/> leaves
    /// too few images of a class for the labelled subset, it is drawn from the whole training split instead.
    /// </summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static TrainingSetup Create(SsganOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var data = GanImageData.Load(options);
        var init = options.NewGenerator(3);
        var shape = data.Data.ImageShape;
        var g = new MlpGenerator(options.LatentDim, shape, options.GeneratorHidden, init, tanhOutput: true, NormKind.Batch);
        var d = new SsganDiscriminator(shape.Aggregate(1, (a, b) => a * b), options.DiscriminatorHidden, data.Data.Train.ClassNames.Count,
            options.InputNoise, options.HiddenNoise, init, options.NewGenerator(6), options.WeightNorm);
        var source = LabelledSubset.CanDraw(data.Data.Train, options.Labels) ? data.Data.Train : FashionMnist.Load(DatasetSplit.Train, options.DataDir);
        var labelled = LabelledSubset.Draw(source, options.Labels, options.NewGenerator(5));
        long totalSteps = options.MaxSteps ?? (long)options.Epochs * data.Train.BatchesPerEpoch;
        return new TrainingSetup(new SsganModel(g, d, labelled, options, options.NewGenerator(4), totalSteps), data.Train, data.Test);
    }

    /// <summary>The generator.</summary>
    public GanGenerator Generator { get; }

    /// <summary>The K+1-class discriminator (the classifier).</summary>
    public SsganDiscriminator Discriminator { get; }

    /// <summary>The labelled images.</summary>
    public LabelledSubset Labelled { get; }

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

    /// <inheritdoc />
    public int[] SampleShape => Generator.SampleShape;

    /// <summary>Images in [0, 1] from the generator (noise from the untrained generator for the labels-only baseline).</summary>
    public Tensor Sample(int count, Generator gen) => ((Generate(Generator.SampleLatent(count, gen)) + 1f) * 0.5f).Clamp(0f, 1f);

    private Tensor Generate(Tensor z)
    {
        bool training = Generator.IsTraining;
        Generator.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            return Generator.Generate(z);
        }
        finally { Generator.Train(training); }
    }

    /// <inheritdoc />
    /// <returns>"loss" (the discriminator's), "supervised", and unless labels-only "unsupervised", "d_real" (mean
    /// D(x) on real images), "d_fake" and "g_loss" (the feature-matching distance).</returns>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        double lr = LearningRateAt(_step++);
        foreach (var group in _dOptimizer.ParamGroups.Concat(_gOptimizer.ParamGroups)) group.Lr = lr;
        var (images, labels) = Labelled.Batch(_options.LabelledBatch, Rng);
        _dOptimizer.ZeroGrad();
        var supervised = SemiSupervisedGanLoss.Supervised(Discriminator.Forward(images), labels);
        var metrics = new Dictionary<string, double>();
        if (_options.LabelsOnly)
        {
            supervised.Backward();
            _dOptimizer.Step();
            metrics["loss"] = metrics["supervised"] = supervised.Item();
            return metrics;
        }
        var real = batch.Inputs;
        var fake = Generator.Generate(Generator.SampleLatent(real.Shape[0], Rng));
        var realLogits = Discriminator.Forward(real);
        var fakeLogits = Discriminator.Forward(fake.Detach());
        var unsupervised = SemiSupervisedGanLoss.Unsupervised(realLogits, fakeLogits);
        var loss = supervised + (float)_options.UnsupervisedWeight * unsupervised;
        loss.Backward();
        _dOptimizer.Step();

        _gOptimizer.ZeroGrad();
        Tensor realFeatures;
        using (Autograd.NoGrad()) realFeatures = Discriminator.Features(real);
        var gLoss = FeatureMatching.Loss(realFeatures, Discriminator.Features(fake));
        gLoss.Backward(inputs: Generator.Parameters().Where(p => p.RequiresGrad));
        _gOptimizer.Step();
        metrics["loss"] = loss.Item();
        metrics["supervised"] = supervised.Item();
        metrics["unsupervised"] = unsupervised.Item();
        metrics["d_real"] = SemiSupervisedGanLoss.RealProbability(realLogits).Mean().Item();
        metrics["d_fake"] = SemiSupervisedGanLoss.RealProbability(fakeLogits).Mean().Item();
        metrics["g_loss"] = gLoss.Item();
        return metrics;
    }

    /// <summary>
    /// The learning rate of step <paramref name="step"/> (from 0): <see cref="ModelOptions.LearningRate"/>, falling
    /// linearly to 0 over the last <see cref="SsganOptions.LrDecay"/> share of the run (Salimans et al.'s
    /// lr·min(3 − 3t/T, 1) for a share of 1/3).
    /// </summary>
    public double LearningRateAt(long step)
    {
        if (_totalSteps <= 0 || _options.LrDecay <= 0) return _options.LearningRate;
        double remaining = (_totalSteps - step) / (_options.LrDecay * _totalSteps);
        return _options.LearningRate * Math.Clamp(remaining, 0, 1);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state) => state["step"] = _step;

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
        => _step = state["step"]?.GetValue<long>() ?? throw new InvalidDataException("SsganModel: the checkpoint has no 'step'.");

    /// <summary>The classifier's predicted class per image (in [−1, 1]), in evaluation mode.</summary>
    public int[] Classify(Tensor images)
    {
        bool training = Discriminator.IsTraining;
        Discriminator.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            return Discriminator.Forward(images).Argmax(1).ToArray().Select(v => (int)v).ToArray();
        }
        finally { Discriminator.Train(training); }
    }

    /// <summary>"accuracy": the share of <paramref name="data"/>'s labelled images the classifier gets right.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long right = 0, total = 0;
        foreach (var batch in data)
        {
            if (batch.Labels == null) return new Dictionary<string, double>();
            var predicted = Classify(batch.Inputs);
            right += predicted.Zip(batch.Labels).Count(p => p.First == p.Second);
            total += predicted.Length;
        }
        return total == 0 ? new Dictionary<string, double>() : new Dictionary<string, double> { ["accuracy"] = right / (double)total };
    }

    /// <summary>Writes <c>{prefix}.png</c>: 100 generated images from fixed codes.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        Directory.CreateDirectory(directory);
        ImageGrid.Save(Generate(_fixedNoise), Path.Combine(directory, prefix + ".png"), columns: 10, low: -1f, high: 1f);
    }
}
