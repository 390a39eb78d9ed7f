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
/// StackGAN (Zhang et al. 2017) with class labels for text: stage I makes a 14×14 image from z and a
/// conditioning-augmented class condition (<see cref="ConditioningAugmentation"/>), stage II refines it to 28×28
/// with a condition of its own. Each stage has a matching-aware discriminator — real images with their class are
/// "real", generated images and real images paired with a wrong class are "fake" — and each generator's loss adds
/// λ·KL of its conditioning augmentation. The stages train together; stage II refines detached stage-I images.
/// </summary>
public sealed class StackganModel : TrainableModel, IConditionalSampler
{
    private const int PerClass = 10;
    private readonly StackganOptions _options;
    private readonly ConditioningAugmentation _ca1, _ca2;
    private readonly StackganStageOneGenerator _g1;
    private readonly StackganStageTwoGenerator _g2;
    private readonly StackganDiscriminator _d1, _d2;
    private readonly Adam _g1Optimizer, _g2Optimizer, _d1Optimizer, _d2Optimizer;
    private readonly Tensor _fixedNoise;

    /// <summary>Builds the networks for <paramref name="classes"/> classes of <paramref name="channels"/>-channel 28×28 images.</summary>
    public StackganModel(StackganOptions options, int classes, int channels, Generator init, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (classes < 2) throw new ArgumentException($"StackganModel: needs at least two classes (a wrong class for the matching-aware loss), got {classes}.");
        _options = options;
        Classes = classes;
        _channels = channels;
        _ca1 = new ConditioningAugmentation(classes, options.EmbeddingDim, options.ConditionDim, init);
        _ca2 = new ConditioningAugmentation(classes, options.EmbeddingDim, options.ConditionDim, init);
        _g1 = new StackganStageOneGenerator(options.LatentDim, options.ConditionDim, channels, init);
        _g2 = new StackganStageTwoGenerator(options.ConditionDim, channels, init);
        _d1 = new StackganDiscriminator(channels, 14, options.ConditionDim, init);
        _d2 = new StackganDiscriminator(channels, 28, options.ConditionDim, init);
        Adam Make(IEnumerable<Tensor> p) => new(p, options.LearningRate, options.Beta1);
        _g1Optimizer = Make(_g1.Parameters().Concat(_ca1.Parameters()));
        _g2Optimizer = Make(_g2.Parameters().Concat(_ca2.Parameters()));
        _d1Optimizer = Make(_d1.Parameters());
        _d2Optimizer = Make(_d2.Parameters());
        _fixedNoise = Tensor.Randn([classes * PerClass, options.LatentDim], new Generator(0x57AC));
    }

    private readonly int _channels;

    /// <summary>StackGAN on Fashion-MNIST as <paramref name="options"/> describe.</summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static TrainingSetup Create(StackganOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = GanImageData.Load(options);
        return new TrainingSetup(new StackganModel(options, data.Data.Train.ClassNames.Count, data.Data.ImageShape[0], options.NewGenerator(3), options.NewGenerator(4)),
            data.Train, null);
    }

    /// <inheritdoc />
    public int Classes { get; }

    /// <inheritdoc />
    public int[] SampleShape => [_channels, 28, 28];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        ["ca1"] = _ca1, ["ca2"] = _ca2, ["generator1"] = _g1, ["generator2"] = _g2, ["discriminator1"] = _d1, ["discriminator2"] = _d2,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>
    {
        ["generator1"] = _g1Optimizer, ["generator2"] = _g2Optimizer, ["discriminator1"] = _d1Optimizer, ["discriminator2"] = _d2Optimizer,
    };

    /// <summary>Stage-I [N, C, 14, 14] and stage-II [N, C, 28, 28] images in [−1, 1], in evaluation mode without a graph.</summary>
    public (Tensor StageOne, Tensor StageTwo) Generate(Tensor z, int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        LabelCheck.Require(nameof(StackganModel), Classes, labels, z.Shape[0]);
        bool training = _g1.IsTraining;
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            var one = _g1.Generate(z, _ca1.Sample(labels, gen).Condition);
            return (one, _g2.Refine(one, _ca2.Sample(labels, gen).Condition));
        }
        finally { SetTraining(training); }
    }

    /// <inheritdoc />
    public Tensor Sample(int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return ((Generate(Tensor.Randn([labels.Length, _options.LatentDim], gen), labels, gen).StageTwo + 1f) * 0.5f).Clamp(0f, 1f);
    }

    /// <summary>Images in [0, 1], cycling over the classes.</summary>
    public Tensor Sample(int count, Generator gen) => Sample(Enumerable.Range(0, count).Select(i => i % Classes).ToArray(), gen);

    /// <inheritdoc />
    /// <returns>Per stage "d1_loss", "g1_loss", "kl1" and "d2_loss", "g2_loss", "kl2"; "d_loss" and "g_loss" their sums.</returns>
    /// <exception cref="ArgumentException">The batch has no labels.</exception>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.Labels ?? throw new ArgumentException("StackganModel: needs labelled batches.");
        var real28 = batch.Inputs;
        var real14 = LaplacianPyramid.Down(real28);
        var wrong = labels.Select(l => (l + 1 + Rng.NextInt(Classes - 1)) % Classes).ToArray();
        var metrics = new Dictionary<string, double>();
        var z = Tensor.Randn([labels.Length, _options.LatentDim], Rng);
        var (c1, mean1, kl1) = _ca1.Sample(labels, Rng);
        var fake14 = _g1.Generate(z, c1);
        Stage("1", _d1, _d1Optimizer, _g1Optimizer, _g1.Parameters().Concat(_ca1.Parameters()), real14, fake14, mean1, _ca1.Gaussian(wrong).Mean, kl1, metrics);
        var (c2, mean2, kl2) = _ca2.Sample(labels, Rng);
        var fake28 = _g2.Refine(fake14.Detach(), c2);
        Stage("2", _d2, _d2Optimizer, _g2Optimizer, _g2.Parameters().Concat(_ca2.Parameters()), real28, fake28, mean2, _ca2.Gaussian(wrong).Mean, kl2, metrics);
        metrics["d_loss"] = metrics["d1_loss"] + metrics["d2_loss"];
        metrics["g_loss"] = metrics["g1_loss"] + metrics["g2_loss"];
        return metrics;
    }

    /// <summary>
    /// The matching-aware discriminator loss softplus(−D(x, μ_y)) + ½[softplus(D(G, μ_y)) + softplus(D(x, μ_wrong))]
    /// (the cross-entropies of "real and matching" against the two kinds of fake), from logits.
    /// </summary>
    public static Tensor MatchingAwareLoss(Tensor realRight, Tensor fakeRight, Tensor realWrong)
        => realRight.Neg().Softplus().Mean() + 0.5f * (fakeRight.Softplus().Mean() + realWrong.Softplus().Mean());

    private void Stage(string stage, StackganDiscriminator d, Adam dOptimizer, Adam gOptimizer, IEnumerable<Tensor> gParameters,
        Tensor real, Tensor fake, Tensor mean, Tensor wrongMean, Tensor kl, Dictionary<string, double> metrics)
    {
        var condition = mean.Detach();
        dOptimizer.ZeroGrad();
        var dLoss = MatchingAwareLoss(d.Score(real, condition), d.Score(fake.Detach(), condition), d.Score(real, wrongMean.Detach()));
        dLoss.Backward();
        dOptimizer.Step();
        gOptimizer.ZeroGrad();
        var adversarial = d.Score(fake, condition).Neg().Softplus().Mean();
        var gLoss = adversarial + (float)_options.KlWeight * kl;
        gLoss.Backward(inputs: gParameters.Where(p => p.RequiresGrad));
        gOptimizer.Step();
        metrics[$"d{stage}_loss"] = dLoss.Item();
        metrics[$"g{stage}_loss"] = gLoss.Item();
        metrics[$"kl{stage}"] = kl.Item();
    }

    /// <summary>
    /// Writes <c>{prefix}.png</c> (stage II, one row per class, fixed codes) and <c>{prefix}-stage1.png</c> (the
    /// stage-I images they refine, 14×14).
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        Directory.CreateDirectory(directory);
        var labels = Enumerable.Range(0, _fixedNoise.Shape[0]).Select(i => i / PerClass).ToArray();
        var (one, two) = Generate(_fixedNoise, labels, new Generator(0x57AD));
        ImageGrid.Save(two, Path.Combine(directory, prefix + ".png"), columns: PerClass, low: -1f, high: 1f);
        ImageGrid.Save(one, SampleFiles.Path(directory, prefix, "stage1"), columns: PerClass, low: -1f, high: 1f);
    }
}
