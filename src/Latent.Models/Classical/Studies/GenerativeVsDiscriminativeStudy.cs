using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical.Studies;

/// <summary>
/// <c>latent study generative-vs-discriminative</c>: test accuracy against training-set size on Fashion-MNIST for
/// generative classifiers fitted in closed form (shared and per-class Gaussians, Gaussian and Bernoulli naive
/// Bayes) and discriminative ones (logistic regression, and the shared-covariance Gaussian classifier trained by
/// maximizing the conditional likelihood, as seed 002 trains it), all on the same principal components.
/// </summary>
public sealed class GenerativeVsDiscriminativeStudy : Study
{
    /// <summary>Training-set sizes (random subsets of the training split with size/10 images of each class).</summary>
    public int[] TrainSizes { get; init; } = [50, 200, 1000, 5000, 20000];

    /// <summary>Principal components (fitted on the whole training split, without labels) the Gaussian and logistic models see.</summary>
    public int PcaDim { get; init; } = 30;

    /// <summary>Held-out test images.</summary>
    public int TestCount { get; init; } = 10_000;

    /// <summary>Full-batch Adam steps of the discriminative fits.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Shrinkage of the closed-form covariances (keeps them invertible with few examples per class).</summary>
    public double Shrinkage { get; init; } = 0.05;

    /// <inheritdoc />
    public override string Name => "generative-vs-discriminative";

    /// <inheritdoc />
    public override string Title => "Generative versus discriminative classifiers: accuracy against training-set size";

    /// <inheritdoc />
    public override string Explanation =>
        "Fashion-MNIST reduced to principal components. Generative models fit p(x, C) in closed form: a Gaussian per class with one shared " +
        "covariance (linear boundaries), with a covariance per class (quadratic), with diagonal covariances (Gaussian naive Bayes), and " +
        "Bernoulli naive Bayes on the binarized pixels. Discriminative models maximize Πᵢ p(Cᵢ | xᵢ) by gradient: logistic regression, and the " +
        "shared-covariance Gaussian classifier with its means, precision factor and priors trained for the conditional likelihood (the " +
        "same linear-softmax family as the closed-form fit). Ng & Jordan (2002): generative fits approach their (higher) asymptotic error " +
        "faster; discriminative ones win with enough data.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = StudyData.Load(context, 60_000, TestCount);
        context.Report("fitting the principal components");
        var pca = Pca.Fit(data.Train, PcaDim);
        var trainZ = ClassicalRows.FromTensor(pca.Transform(data.Train));
        var testZ = ClassicalRows.FromTensor(pca.Transform(data.Test));
        var trainPixels = ClassicalRows.FromTensor(data.Train.Reshape(data.Train.Shape[0], -1));
        var testPixels = ClassicalRows.FromTensor(data.Test.Reshape(data.Test.Shape[0], -1));
        var order = Tensor.PermutationIndices(trainZ.Length, new Generator(context.Seed * 13 + 1));
        string[] names = ["gaussian-shared (closed form)", "gaussian-per-class (closed form)", "gaussian-naive-bayes (closed form)", "bernoulli-naive-bayes (closed form)",
            "gaussian-shared (discriminative)", "logistic-regression"];
        var curves = names.ToDictionary(n => n, _ => new List<double>());
        var rows = new JsonArray();
        foreach (int size in TrainSizes.Where(s => s <= trainZ.Length).Order())
        {
            context.Report($"training-set size {size}");
            var pick = Balanced(order, data.TrainLabels, size);
            var z = pick.Select(i => trainZ[i]).ToArray();
            var pixels = pick.Select(i => trainPixels[i]).ToArray();
            var y = pick.Select(i => data.TrainLabels[i]).ToArray();
            int classes = 10;
            var accuracy = new double[names.Length];
            accuracy[0] = GaussianClassifier.Fit(GaussianClassifier.Accumulate(z, y, classes, ClassCovariance.Shared), ClassCovariance.Shared, Shrinkage).Accuracy(testZ, data.TestLabels);
            accuracy[1] = GaussianClassifier.Fit(GaussianClassifier.Accumulate(z, y, classes, ClassCovariance.PerClass), ClassCovariance.PerClass, Shrinkage).Accuracy(testZ, data.TestLabels);
            accuracy[2] = GaussianClassifier.Fit(GaussianClassifier.Accumulate(z, y, classes, ClassCovariance.NaiveBayes), ClassCovariance.NaiveBayes).Accuracy(testZ, data.TestLabels);
            accuracy[3] = BernoulliNaiveBayes.Fit(pixels, y, classes).Accuracy(testPixels, data.TestLabels);
            accuracy[4] = DiscriminativeClassifier.GaussianShared(z, y, classes, Steps, seed: context.Seed).Accuracy(testZ, data.TestLabels);
            accuracy[5] = DiscriminativeClassifier.LogisticRegression(z, y, classes, Steps, seed: context.Seed).Accuracy(testZ, data.TestLabels);
            var row = new JsonObject { ["train_size"] = size };
            for (int m = 0; m < names.Length; m++)
            {
                curves[names[m]].Add(accuracy[m]);
                row[names[m]] = accuracy[m];
            }
            rows.Add(row);
        }
        var sizes = TrainSizes.Where(s => s <= trainZ.Length).Order().Select(s => Math.Log10(s)).ToArray();
        var plot = new LinePlot { Title = $"Fashion-MNIST test accuracy ({PcaDim} principal components)", XLabel = "log₁₀ training examples", YLabel = "test accuracy" };
        foreach (var name in names) plot.Add(name, sizes, curves[name]);
        plot.Save(context.Picture("generative-vs-discriminative.svg", "Test accuracy against training-set size: closed-form generative fits against discriminatively trained classifiers."));
        return context.WriteJson("generative-vs-discriminative.json", new JsonObject
        {
            ["pca_dim"] = PcaDim,
            ["test_images"] = data.Test.Shape[0],
            ["shrinkage"] = Shrinkage,
            ["steps"] = Steps,
            ["results"] = rows,
        });
    }

    /// <summary>The first size/10 indices of each class in <paramref name="order"/> (so every class is present and subsets are nested).</summary>
    private static int[] Balanced(int[] order, int[] labels, int size)
    {
        var taken = new int[10];
        return order.Where(i => taken[labels[i]]++ < size / 10).ToArray();
    }
}
