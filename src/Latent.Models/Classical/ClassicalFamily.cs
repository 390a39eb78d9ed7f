using Latent.Models.Catalog;
using Latent.Models.Classical.Studies;
using Latent.Data;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>The Classical family (F12–F14): Gaussian generative classifiers, naive Bayes, Gaussian mixtures by EM, Markov chains and hidden Markov models.</summary>
public sealed class ClassicalFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static ClassicalFamily Instance { get; } = new();

    private ClassicalFamily() { }

    /// <inheritdoc />
    public string Name => "Classical";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("gaussian-classifier", "Classical", "F12", "Gaussian generative classifier in closed form: shared (linear), per-class (quadratic) or naive-Bayes covariances",
            new GaussianClassifierOptions(), CreateClassifier),
        ModelSpec.Of("naive-bayes", "Classical", "F12", "naive Bayes in closed form: per-feature Gaussians (on PCA features or toy points) or Bernoulli pixels of binarized Fashion-MNIST",
            new NaiveBayesOptions(), CreateNaiveBayes),
        ModelSpec.Of("gmm", "Classical", "F12", "Gaussian mixture fitted by EM from k-means++ (one EM iteration per epoch); exact log p(x), sampling",
            new GmmOptions(), CreateGmm),
        ModelSpec.Of("bernoulli-mixture", "Classical", "F12", "Mixture of Bernoullis on binarized Fashion-MNIST, fitted by EM (one iteration per epoch); exact log p(x), binary samples",
            new BernoulliMixtureOptions(), CreateBernoulliMixture),
        ModelSpec.Of("markov", "Classical", "F13", "k-th order Markov chain fitted by counting with additive smoothing and back-off: words of the word list, the lecture's weather chain, or integer sequences from a file",
            new MarkovOptions(), CreateMarkov),
        ModelSpec.Of("hmm", "Classical", "F13 F14", "Hidden Markov model of Hershey-font pen trajectories (16 left-to-right states, 16 directions, Baum-Welch: one EM iteration per epoch)",
            new HmmOptions(), CreateHmm),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } =
        [new PenCharactersStudy(), new GaussianPenStudy(), new WordChainStudy(), new DecisionBoundariesStudy(), new GenerativeVsDiscriminativeStudy()];

    /// <summary>A Gaussian generative classifier on the data <paramref name="options"/> name.</summary>
    public static TrainingSetup CreateClassifier(GaussianClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = ClassicalData.Load(options);
        if (data.Classes < 2) throw new ArgumentException($"Gaussian classifier: data '{options.Data}' has no classes; use fashion-mnist, a ring, a grid, moons or circles.");
        var model = new GaussianClassifierModel(data.Features, data.Classes, options.Covariance, options.Shrinkage, options.VarSmoothing, data.TrainCount,
            options.NewGenerator(2)) { ClassNames = data.ClassNames };
        return new TrainingSetup(model, data.Train, data.Test);
    }

    /// <summary>Naive Bayes: the diagonal-covariance Gaussian classifier, or Bernoulli naive Bayes on binarized images.</summary>
    public static TrainingSetup CreateNaiveBayes(NaiveBayesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Likelihood == NaiveBayesLikelihood.Gaussian)
            return CreateClassifier(new GaussianClassifierOptions
            {
                Data = options.Data, PcaDim = options.PcaDim, ToySamples = options.ToySamples, Covariance = ClassCovariance.NaiveBayes, VarSmoothing = options.VarSmoothing,
                BatchSize = options.BatchSize, Seed = options.Seed, DataDir = options.DataDir, TrainSize = options.TrainSize,
            });
        var images = FashionMnistData.Load(options);
        var model = new BernoulliNaiveBayesModel(images.ImageShape, images.Train.ClassNames.Count, options.Alpha, options.Threshold, images.Train.Count, options.NewGenerator(2));
        return new TrainingSetup(model, images.TrainLoader, images.TestLoader);
    }

    /// <summary>
    /// An HMM of the pen trajectories of the characters <paramref name="options"/> name, in every Hershey font: discrete
    /// emissions of quantized directions, or Gaussian emissions of unit steps (Δx, Δy).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The Hershey fonts are not installed.</exception>
    public static TrainingSetup CreateHmm(HmmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fonts = HersheyFont.LoadAll(options.FontDir);
        if (options.Emission == HmmEmission.Gaussian) return CreateGaussianHmm(options, fonts);
        var (train, trainLabels) = PenTrajectories.Sequences(fonts, options.Characters, options.Copies, options.Steps, options.Symbols, options.Jitter, options.NewGenerator(3));
        var (test, testLabels) = PenTrajectories.Sequences(fonts, options.Characters, options.Copies / 2, options.Steps, options.Symbols, options.Jitter, options.NewGenerator(4));
        if (options.TrainSize is int limit && limit < train.Length) (train, trainLabels) = (train[..limit], trainLabels[..limit]);
        HiddenMarkovModel Start(Generator gen) => options.Topology == HmmTopology.LeftToRight
            ? HiddenMarkovModel.LeftToRight(options.States, options.Symbols, gen)
            : HiddenMarkovModel.Random(options.States, options.Symbols, gen);
        var gen = options.NewGenerator(5);
        var model = new HmmModel(Start(options.NewGenerator(0)), options.Steps, train.Length, options.NewGenerator(2), options.EmissionPseudocount)
        {
            Preview = Enumerable.Range(0, 12).Select(_ => train[gen.NextInt(train.Length)]).ToArray(),
            Initializer = Start,
        };
        static Tensor Rows(int[][] s) => ClassicalRows.ToTensor(s.Select(r => r.Select(v => (double)v).ToArray()).ToArray());
        return SequenceSetup(model, Rows(train), trainLabels, Rows(test), testLabels, options);
    }

    private static TrainingSetup CreateGaussianHmm(HmmOptions options, IReadOnlyList<HersheyFont> fonts)
    {
        var (train, trainLabels) = PenTrajectories.StepSequences(fonts, options.Characters, options.Copies, options.Steps, options.Jitter, options.NewGenerator(3));
        var (test, testLabels) = PenTrajectories.StepSequences(fonts, options.Characters, options.Copies / 2, options.Steps, options.Jitter, options.NewGenerator(4));
        if (options.TrainSize is int limit && limit < train.Length) (train, trainLabels) = (train[..limit], trainLabels[..limit]);
        GaussianHmm Start(Generator? gen) => options.Topology == HmmTopology.LeftToRight
            ? GaussianHmm.LeftToRight(options.States, train, options.VarianceFloor, options.Covariance, gen)
            : GaussianHmm.Random(options.States, train, gen ?? options.NewGenerator(0), options.VarianceFloor, options.Covariance);
        var gen = options.NewGenerator(5);
        var model = new GaussianHmmModel(Start(null), options.Steps, train.Length, options.VarianceFloor, options.NewGenerator(2))
        {
            Preview = Enumerable.Range(0, 12).Select(_ => train[gen.NextInt(train.Length)]).ToArray(),
            Initializer = g => Start(g),
        };
        static Tensor Rows(double[][][] s) => ClassicalRows.ToTensor(s.Select(q => q.SelectMany(o => o).ToArray()).ToArray());
        return SequenceSetup(model, Rows(train), trainLabels, Rows(test), testLabels, options);
    }

    private static TrainingSetup SequenceSetup(TrainableModel model, Tensor train, int[] trainLabels, Tensor test, int[] testLabels, ModelOptions options)
    {
        var trainLoader = new DataLoader(train, trainLabels, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var testLoader = new DataLoader(test, testLabels, 1000, shuffle: false);
        return new TrainingSetup(model, trainLoader, testLoader);
    }

    /// <summary>A k-th order Markov chain on the sequences <paramref name="options"/> name.</summary>
    /// <exception cref="FileNotFoundException">The word list or the sequence file is missing.</exception>
    public static TrainingSetup CreateMarkov(MarkovOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = MarkovSequences.Load(options);
        int width = data.Train.Concat(data.Test).Max(s => s.Length);
        var model = new MarkovChainModel(data.States, options.Order, options.Smoothing, data.Alphabet, data.IsWords ? Math.Max(width, 40) : options.Length,
            data.Train.Length, options.NewGenerator(2));
        var train = new DataLoader(MarkovSequences.ToRows(data.Train, width), new int[data.Train.Length], options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var test = new DataLoader(MarkovSequences.ToRows(data.Test, width), new int[data.Test.Length], options.BatchSize, shuffle: false);
        return new TrainingSetup(model, train, test);
    }

    /// <summary>A mixture of Bernoullis on binarized Fashion-MNIST.</summary>
    public static TrainingSetup CreateBernoulliMixture(BernoulliMixtureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var images = FashionMnistData.Load(options);
        var model = new BernoulliMixtureModel(images.ImageShape, options.Components, options.Pseudocount, options.Threshold, images.Train.Count, options.NewGenerator(2));
        return new TrainingSetup(model, images.TrainLoader, images.TestLoader);
    }

    /// <summary>A Gaussian mixture on the data <paramref name="options"/> name (toy points, or principal components of Fashion-MNIST).</summary>
    public static TrainingSetup CreateGmm(GmmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = ClassicalData.Load(options);
        int components = options.Components;
        IReadOnlyDictionary<int, double>? bic = null;
        if (options.ChooseComponents.Length > 0)
        {
            var points = data.Train.SelectMany(b => data.Features.Map(b.Inputs).Coordinates).ToArray();
            (components, bic) = GaussianMixture.ChooseComponents(points, options.ChooseComponents, options.Covariance, options.Regularization, options.NewGenerator(5));
        }
        var model = new GaussianMixtureModel(data.Features, components, options.Covariance, options.Regularization, data.TrainCount,
            options.NewGenerator(2)) { Preview = data.Features.IsImage ? null : data.Preview, BicByComponents = bic };
        return new TrainingSetup(model, data.Train, data.Test);
    }
}
