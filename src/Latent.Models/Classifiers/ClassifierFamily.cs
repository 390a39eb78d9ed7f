using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Classifiers;

/// <summary>The Classifiers family (F11): softmax regression, MLP and CNN classifiers of images; the CNN is the feature network of <c>latent eval</c>.</summary>
public sealed class ClassifierFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static ClassifierFamily Instance { get; } = new();

    private ClassifierFamily() { }

    /// <inheritdoc />
    public string Name => "Classifiers";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("classifier", "Classifiers", "F11",
            "Fashion-MNIST classifier: --arch linear (softmax regression), mlp or cnn, --adversarial fgsm|pgd training; test accuracy, top-3 and confusion matrix",
            new ClassifierOptions(), Create),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new Studies.AdversarialTrainingStudy()];

    /// <summary>A classifier on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    public static TrainingSetup Create(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var network = ClassifierNetwork.Create(options.Architecture, data.ImageShape, data.Train.ClassNames.Count, options.Hidden, options.NewGenerator(0));
        string name = "fmnist-" + options.Architecture.ToString().ToLowerInvariant();
        var model = new ImageClassifier(network, name, options.LearningRate, options.NewGenerator(2)) { Test = data.TestLoader, Adversary = options.Adversary() };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }
}
