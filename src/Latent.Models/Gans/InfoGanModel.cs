using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Gans;

/// <summary>
/// InfoGAN (Chen et al. 2016): a non-saturating GAN whose generator takes noise and codes (<see cref="InfoGanCodes"/>)
/// and whose discriminator's features also feed a Q head that recovers the codes; both players minimize λ times the
/// codes' negative log-likelihood under Q (<see cref="MutualInformationBound"/>), which maximizes a lower bound on the
/// mutual information I(c; G(z, c)). The categorical code is learned without labels; on Fashion-MNIST it tends to
/// pick up the item classes, which <see cref="Evaluate"/> measures as cluster accuracy.
/// </summary>
/// <remarks>
/// Each step: the discriminator step minimizes the adversarial loss on the real batch and detached fakes plus the
/// information term on those fakes (training Q and the shared body); the generator step minimizes the non-saturating
/// loss plus the information term, differentiated for the generator only. Images are in [−1, 1].
/// </remarks>
public sealed class InfoGanModel : TrainableModel, ISampler
{
    private readonly Adam _gOptimizer;
    private readonly Adam _dOptimizer;
    private readonly InfoGanOptions _options;

    /// <summary>Builds the model.</summary>
    /// <param name="generator">A generator whose latent size is <see cref="InfoGanCodes.InputDim"/>.</param>
    /// <param name="discriminator">The discriminator (its <see cref="GanDiscriminator.Features"/> feed Q).</param>
    /// <param name="q">The Q head on the discriminator's features.</param>
    /// <param name="options">Weights and optimizer settings.</param>
    /// <param name="rng">The run's generator (codes).</param>
    /// <exception cref="ArgumentException">The networks do not fit the codes.</exception>
    public InfoGanModel(GanGenerator generator, GanDiscriminator discriminator, InfoGanQHead q, InfoGanOptions options, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (generator.LatentDim != q.Codes.InputDim || generator.Classes != 0 || discriminator.Classes != 0)
            throw new ArgumentException($"InfoGanModel: the generator must be unconditional with latent size {q.Codes.InputDim} (noise + codes), got {generator.LatentDim}.");
        Generator = generator;
        Discriminator = discriminator;
        Q = q;
        _options = options;
        _gOptimizer = new Adam(generator.Parameters(), options.LearningRate, options.Beta1, options.Beta2);
        _dOptimizer = new Adam(discriminator.Parameters().Concat(q.Parameters()), options.DiscriminatorLr ?? options.LearningRate, options.Beta1, options.Beta2);
    }

    /// <summary>
    /// InfoGAN on Fashion-MNIST as <paramref name="options"/> describe: Chen et al.'s networks with Q on the
    /// discriminator's 1024 fully connected features (<see cref="InfoGanNetworkKind.Paper"/>), or the DCGAN networks with
    /// Q on their 128×7×7 features; the test split feeds <see cref="Evaluate"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static Catalog.TrainingSetup Create(InfoGanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var data = GanImageData.Load(options);
        var init = options.NewGenerator(3);
        var codes = options.Codes;
        int channels = data.Data.ImageShape[0];
        var (g, d, featureSize) = options.Networks == InfoGanNetworkKind.Paper
            ? ((GanGenerator)new InfoGanGenerator(init, codes.InputDim, channels), (GanDiscriminator)new InfoGanDiscriminator(init, channels), InfoGanDiscriminator.FeatureSize)
            : (new DcganGenerator(init, codes.InputDim, channels), new DcganDiscriminator(init, channels), DcganDiscriminator.FeatureSize);
        var q = new InfoGanQHead(featureSize, codes, init);
        return new Catalog.TrainingSetup(new InfoGanModel(g, d, q, options, options.NewGenerator(4)), data.Train, data.Test);
    }

    /// <summary>The generator.</summary>
    public GanGenerator Generator { get; }

    /// <summary>The discriminator, whose body Q shares.</summary>
    public GanDiscriminator Discriminator { get; }

    /// <summary>The Q head.</summary>
    public InfoGanQHead Q { get; }

    /// <summary>The code layout.</summary>
    public InfoGanCodes Codes => Q.Codes;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        ["generator"] = Generator,
        ["discriminator"] = Discriminator,
        ["q"] = Q,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>
    {
        ["generator"] = _gOptimizer,
        ["discriminator"] = _dOptimizer,
    };

    /// <inheritdoc />
    public int[] SampleShape => Generator.SampleShape;

    /// <summary>Images in [0, 1] from codes drawn from their priors.</summary>
    public Tensor Sample(int count, Generator gen) => ToUnit(Generate(Codes.Sample(count, gen)));

    /// <summary>Generator output in [−1, 1] for a draw of codes, in evaluation mode and without a graph.</summary>
    public Tensor Generate(InfoGanCodes.Draw draw)
    {
        bool training = Generator.IsTraining;
        Generator.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            return Generator.Generate(Codes.Input(draw));
        }
        finally { Generator.Train(training); }
    }

    /// <summary>
    /// The information term λ·[−log Q(c₁|x)] + λ_c·[−log Q(c₂…|x)] of a batch's discriminator features and the codes
    /// that made it, with its two parts: the categorical part is the cross-entropy of Q's logits against the drawn
    /// categories, the continuous part the Gaussian negative log-likelihood of the drawn values (σ = 1 unless
    /// <see cref="InfoGanOptions.LearnStd"/>).
    /// </summary>
    public (Tensor Loss, Tensor Categorical, Tensor Continuous) InformationLoss(Tensor features, InfoGanCodes.Draw draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        var posterior = Q.Predict(features);
        var categorical = MutualInformationBound.CategoricalNll(posterior.Logits, draw.Category);
        var logStd = _options.LearnStd ? posterior.LogStd : Tensor.ZerosLike(posterior.LogStd);
        var continuous = MutualInformationBound.GaussianNll(posterior.Mean, logStd, draw.Values);
        return ((float)_options.InfoWeight * categorical + (float)_options.ContinuousWeight * continuous, categorical, continuous);
    }

    /// <inheritdoc />
    /// <returns>"d_loss", "g_loss", "info_loss" (the generator step's λ-weighted term), "mi_categorical" (the
    /// bound log K − CE on the categorical code, in nats) and "q_gaussian_nll".</returns>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var real = batch.Inputs;
        var draw = Codes.Sample(real.Shape[0], Rng);
        var fake = Generator.Generate(Codes.Input(draw));

        _dOptimizer.ZeroGrad();
        var fakeFeatures = Discriminator.Features(fake.Detach());
        var dLoss = GanLosses.Discriminator(GanLossKind.NonSaturating, Discriminator.Score(real), Discriminator.Head(fakeFeatures))
            + InformationLoss(fakeFeatures, draw).Loss;
        dLoss.Backward();
        _dOptimizer.Step();

        _gOptimizer.ZeroGrad();
        var features = Discriminator.Features(fake);
        var (info, categorical, continuous) = InformationLoss(features, draw);
        var gLoss = GanLosses.Generator(GanLossKind.NonSaturating, Discriminator.Head(features)) + info;
        gLoss.Backward(inputs: Generator.Parameters().Where(p => p.RequiresGrad));
        _gOptimizer.Step();
        return new Dictionary<string, double>
        {
            ["d_loss"] = dLoss.Item(),
            ["g_loss"] = gLoss.Item(),
            ["info_loss"] = info.Item(),
            ["mi_categorical"] = MutualInformationBound.CategoricalEntropy(Codes.Categories) - categorical.Item(),
            ["q_gaussian_nll"] = continuous.Item(),
        };
    }

    /// <summary>The categorical code Q assigns to each image (in [−1, 1]), by arg max of its logits.</summary>
    public int[] Categorize(Tensor images)
    {
        bool dTraining = Discriminator.IsTraining, qTraining = Q.IsTraining;
        Discriminator.Eval();
        Q.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            var argmax = Q.Predict(Discriminator.Features(images)).Logits.Argmax(1);
            return argmax.ToArray().Select(v => (int)v).ToArray();
        }
        finally
        {
            Discriminator.Train(dTraining);
            Q.Train(qTraining);
        }
    }

    /// <summary>
    /// "cluster_accuracy": how well the categorical code recovers the labels of <paramref name="data"/> under the
    /// best one-to-one matching of code values to classes (<see cref="ClusterAccuracy"/>); needs as many code
    /// values as classes.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clusters = new List<int>();
        var labels = new List<int>();
        foreach (var batch in data)
        {
            if (batch.Labels == null) return new Dictionary<string, double>();
            clusters.AddRange(Categorize(batch.Inputs));
            labels.AddRange(batch.Labels);
        }
        if (labels.Count == 0 || labels.Max() >= Codes.Categories) return new Dictionary<string, double>();
        return new Dictionary<string, double> { ["cluster_accuracy"] = ClusterAccuracy.Compute([.. clusters], [.. labels], Codes.Categories) };
    }

    /// <summary>
    /// Writes the traversal grids from fixed codes: <c>{prefix}.png</c> with one row per noise vector and the
    /// categorical code's values across, and <c>{prefix}-c{i}.png</c> per continuous code with one row per category
    /// and the code from −2 to 2 across (beyond its training range ±1, as in the paper).
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        Directory.CreateDirectory(directory);
        ImageGrid.Save(Generate(Codes.CategoricalTraversal(8, new Generator(0x1F0))), Path.Combine(directory, prefix + ".png"),
            columns: Codes.Categories, low: -1f, high: 1f);
        for (int c = 0; c < Codes.Continuous; c++)
            ImageGrid.Save(Generate(Codes.ContinuousTraversal(c, 9, 2f, new Generator(0x1F1))), SampleFiles.Path(directory, prefix, $"c{c + 1}"),
                columns: 9, low: -1f, high: 1f);
    }

    private static Tensor ToUnit(Tensor x) => ((x + 1f) * 0.5f).Clamp(0f, 1f);
}
