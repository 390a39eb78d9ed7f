using Latent.Models.Catalog;
using Latent.Models.Classical.Studies;
using Latent.Data;
using Latent.Models.Common;
using Latent.Tensors;

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
        ModelSpec.Of("gmm", "Classical", "F12", "Gaussian mixture fitted by EM from k-means++ (one EM iteration per epoch); exact log p(x), sampling",
            new GmmOptions(), CreateGmm),
        ModelSpec.Of("bernoulli-mixture", "Classical", "F12", "Mixture of Bernoullis on binarized Fashion-MNIST, fitted by EM (one iteration per epoch); exact log p(x), binary samples",
            new BernoulliMixtureOptions(), CreateBernoulliMixture),
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

    /// <summary>An HMM of the pen trajectories of the characters <paramref name="options"/> name, in every Hershey font.</summary>
    /// <exception cref="DirectoryNotFoundException">The Hershey fonts are not installed.</exception>
    public static TrainingSetup CreateHmm(HmmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fonts = HersheyFont.LoadAll(options.FontDir);
        var (train, trainLabels) = PenTrajectories.Sequences(fonts, options.Characters, options.Copies, options.Steps, options.Symbols, options.Jitter, options.NewGenerator(3));
        var (test, testLabels) = PenTrajectories.Sequences(fonts, options.Characters, options.Copies / 2, options.Steps, options.Symbols, options.Jitter, options.NewGenerator(4));
        if (options.TrainSize is int limit && limit < train.Length) (train, trainLabels) = (train[..limit], trainLabels[..limit]);
        var start = options.Topology == HmmTopology.LeftToRight
            ? HiddenMarkovModel.LeftToRight(options.States, options.Symbols, options.NewGenerator(0))
            : HiddenMarkovModel.Random(options.States, options.Symbols, options.NewGenerator(0));
        var gen = options.NewGenerator(5);
        var model = new HmmModel(start, options.Steps, train.Length, options.NewGenerator(2), options.EmissionPseudocount)
        {
            Preview = Enumerable.Range(0, 12).Select(_ => train[gen.NextInt(train.Length)]).ToArray(),
        };
        static Tensor Rows(int[][] s) => ClassicalRows.ToTensor(s.Select(r => r.Select(v => (double)v).ToArray()).ToArray());
        var trainLoader = new DataLoader(Rows(train), trainLabels, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var testLoader = new DataLoader(Rows(test), testLabels, 1000, shuffle: false);
        return new TrainingSetup(model, trainLoader, testLoader);
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
