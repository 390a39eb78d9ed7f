using Latent.Data;
using Latent.Models.Classifiers;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Classifiers;

public class ClassifierTests
{
    [Fact]
    public void ReportCountsAccuracyTopThreeAndTheConfusionMatrix()
    {
        // Softmax regression on 2 × 2 images with an identity head: the logits are the pixels.
        var network = ClassifierNetwork.Create(ClassifierArchitecture.Linear, [1, 2, 2], 4, [], new Generator(1));
        network.Head.Weight.CopyFrom(Tensor.Eye(4));
        network.Head.Bias!.CopyFrom(Tensor.Zeros(4));
        var classifier = new ImageClassifier(network, "identity", 1e-3, new Generator(2));
        // Image → ranking of classes: (label, pixels).
        var images = Tensor.FromArray(
        [
            0.4f, 0.3f, 0.2f, 0.1f,   // label 0: top-1 (class 0)
            0.4f, 0.3f, 0.2f, 0.1f,   // label 1: predicted 0, label second → top-3
            0.4f, 0.3f, 0.2f, 0.1f,   // label 3: predicted 0, label fourth → not top-3
            0.1f, 0.2f, 0.3f, 0.4f,   // label 3: top-1 (class 3)
        ], 4, 1, 2, 2);
        var loader = new DataLoader(images, [0, 1, 3, 3], batchSize: 3, shuffle: false);
        var report = classifier.Report(loader);
        Close.Assert(0.5, report.Accuracy, atol: 1e-12);
        Close.Assert(0.75, report.TopThree, atol: 1e-12);
        Assert.Equal(1, report.Confusion[0, 0]);
        Assert.Equal(1, report.Confusion[1, 0]);
        Assert.Equal(1, report.Confusion[3, 0]);
        Assert.Equal(1, report.Confusion[3, 3]);
        Assert.Equal(4, Enumerable.Range(0, 16).Sum(i => report.Confusion[i / 4, i % 4]));
        // The NLL is the mean cross-entropy of those logits.
        double nll = 0;
        int[] labels = [0, 1, 3, 3];
        for (int i = 0; i < 4; i++)
        {
            var row = images.Reshape(4, 4).Select(0, i).ToArray();
            nll += Math.Log(row.Sum(v => Math.Exp(v))) - row[labels[i]];
        }
        Close.Assert(nll / 4, report.Nll, atol: 1e-6);
        var (features, probabilities) = classifier.FeaturesAndProbabilities(images);
        Assert.Equal([4, 4], features.Shape);
        Close.Assert(1, probabilities.Select(0, 2).Sum().Item(), atol: 1e-6);
    }

    [SkippableTheory]
    [InlineData(ClassifierArchitecture.Linear, 0.65)]
    [InlineData(ClassifierArchitecture.Mlp, 0.65)]
    [InlineData(ClassifierArchitecture.Cnn, 0.6)]
    public void ShortTrainingOnFashionMnistLearnsTheClasses(ClassifierArchitecture architecture, double minimumAccuracy)
    {
        var (train, test) = TestData.RequireFashionMnist();
        var network = ClassifierNetwork.Create(architecture, [1, 28, 28], 10, [64], new Generator(1));
        var classifier = new ImageClassifier(network, "test", 2e-3, new Generator(2));
        var testLoader = new DataLoader(test, 256, shuffle: false);
        double before = classifier.Report(testLoader).Accuracy;
        var losses = Latent.Models.Common.InMemoryTraining.Fit(classifier, new DataLoader(train, 64, shuffle: true, generator: new Generator(3)), 60);
        var report = classifier.Report(testLoader);
        Assert.True(losses[^1]["loss"] < losses[0]["loss"], $"loss {losses[0]["loss"]} → {losses[^1]["loss"]}");
        Assert.True(report.Accuracy > minimumAccuracy && report.Accuracy > before + 0.3, $"{architecture}: accuracy {before} → {report.Accuracy}");
        Assert.True(report.TopThree >= report.Accuracy);
    }

    [Fact]
    public void FeatureNetworkFilesRoundTripAndForeignFilesAreRejected()
    {
        var network = ClassifierNetwork.Create(ClassifierArchitecture.Cnn, [1, 28, 28], 10, [], new Generator(5));
        var classifier = new ImageClassifier(network, FashionMnistFeatureNetwork.Name, 1e-3, new Generator(6));
        classifier.SetTraining(false);
        using var dir = new TempDirectory();
        string path = dir.File("net.safetensors");
        var report = new ClassificationReport(0.5, 0.75, 1.25, new long[10, 10]);
        FashionMnistFeatureNetwork.Save(classifier, report, path);
        Assert.Equal(0.5, FashionMnistFeatureNetwork.TestAccuracy(path));
        var loaded = FashionMnistFeatureNetwork.LoadOrTrain(path); // present: loads, never trains
        var images = Tensor.Rand([6, 1, 28, 28], new Generator(7));
        var (f1, p1) = classifier.FeaturesAndProbabilities(images);
        var (f2, p2) = loaded.FeaturesAndProbabilities(images);
        Assert.Equal(f1.ToArray(), f2.ToArray());
        Assert.Equal(p1.ToArray(), p2.ToArray());
        Assert.Equal(128, loaded.FeatureDim);

        string foreign = dir.File("other.safetensors");
        Latent.IO.SafeTensors.Write(foreign, new Dictionary<string, Tensor> { ["weight"] = Tensor.Zeros(3) });
        Assert.Throws<InvalidDataException>(() => FashionMnistFeatureNetwork.Load(foreign));
    }

    [Fact]
    public void LogitsAreTheEvaluationModeForwardAndReachTheInput()
    {
        var network = ClassifierNetwork.Create(ClassifierArchitecture.Cnn, [1, 8, 8], 3, [], new Generator(3));
        var classifier = new ImageClassifier(network, "cnn", 1e-3, new Generator(4));
        Assert.Equal([1, 8, 8], classifier.InputShape);
        var images = Tensor.Rand([2, 1, 8, 8], new Generator(5)).RequireGrad();
        classifier.SetTraining(true);
        var logits = classifier.Logits(images);
        Assert.True(network.IsTraining);
        network.Train(false);
        float[] expected;
        using (Autograd.NoGrad()) expected = network.Forward(images).ToArray();
        Assert.Equal(expected, logits.ToArray());
        logits.Select(1, 2).Sum().Backward();
        Assert.Contains(images.Grad!.ToArray(), g => g != 0);
    }
}
