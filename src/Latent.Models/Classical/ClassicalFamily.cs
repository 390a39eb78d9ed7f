using Latent.Models.Catalog;
using Latent.Models.Common;

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
        ModelSpec.Planned("hmm", "Classical", "F13 F14", "Markov chains and hidden Markov models"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];

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

    /// <summary>A Gaussian mixture on the data <paramref name="options"/> name (toy points, or principal components of Fashion-MNIST).</summary>
    public static TrainingSetup CreateGmm(GmmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = ClassicalData.Load(options);
        var model = new GaussianMixtureModel(data.Features, options.Components, options.Covariance, options.Regularization, data.TrainCount,
            options.NewGenerator(2)) { Preview = data.Features.IsImage ? null : data.Preview };
        return new TrainingSetup(model, data.Train, data.Test);
    }
}
