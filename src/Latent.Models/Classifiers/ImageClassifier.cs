using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Common.Adversarial;
using Latent.Models.Metrics;
using Latent.NN;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classifiers;

/// <summary>
/// A softmax classifier of images (F11) trained by cross-entropy with one Adam: softmax regression, an MLP or a
/// CNN. Its penultimate layer and posteriors make it a feature network for <c>latent eval</c>
/// (<see cref="IClassifierNetwork"/>).
/// </summary>
/// <example>
/// <code>
/// var net = ClassifierNetwork.Create(ClassifierArchitecture.Cnn, [1, 28, 28], 10, [], new Generator(1));
/// var classifier = new ImageClassifier(net, "fmnist-cnn", learningRate: 1e-3, new Generator(2));
/// foreach (var batch in loader) classifier.TrainStep(batch);
/// var report = classifier.Report(testLoader); // accuracy, top-3, confusion matrix
/// </code>
/// </example>
public sealed class ImageClassifier : OneLossModel, IClassifierNetwork, IDifferentiableClassifier
{
    /// <summary>Creates the classifier around <paramref name="network"/>.</summary>
    /// <param name="network">Body and head.</param>
    /// <param name="name">The name it has as a feature network.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="rng">The model's random stream.</param>
    public ImageClassifier(ClassifierNetwork network, string name, double learningRate, Generator rng)
        : base(new Dictionary<string, Module> { ["network"] = network ?? throw new ArgumentNullException(nameof(network)) }, learningRate, rng)
    {
        Network = network;
        Name = name;
    }

    /// <summary>Body and head.</summary>
    public ClassifierNetwork Network { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int FeatureDim => Network.FeatureDim;

    /// <inheritdoc />
    public int Classes => Network.Classes;

    /// <inheritdoc />
    public int[] InputShape => Network.InputShape;

    /// <inheritdoc />
    public Tensor Logits(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        bool wasTraining = Network.IsTraining;
        Network.Train(false);
        try
        {
            return Network.Forward(inputs);
        }
        finally
        {
            Network.Train(wasTraining);
        }
    }

    /// <summary>
    /// The adversary of adversarial training (F40), or null for plain training: each training batch is replaced by its
    /// adversarial examples z_J (crafted on the network in evaluation mode) before the cross-entropy step.
    /// </summary>
    public SignGradientAttack? Adversary { get; init; }

    /// <summary>Test batches whose confusion matrix <see cref="WriteSamples"/> writes; null skips it.</summary>
    public DataLoader? Test { get; set; }

    /// <inheritdoc />
    /// <remarks>Reports "accuracy" on the batch beside the loss.</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var labels = batch.Labels ?? throw new ArgumentException("ImageClassifier: batches need labels.");
        var inputs = Adversary is { } adversary ? adversary.Untargeted(this, batch.Inputs, labels, Rng) : batch.Inputs;
        var logits = Network.Forward(inputs);
        var loss = Losses.CrossEntropy(logits, labels);
        float correct;
        using (Autograd.NoGrad()) correct = logits.Argmax(1).Eq(batch.LabelsTensor()).Sum().Item();
        return new LossTerms(loss, [("accuracy", Tensor.Scalar(correct / batch.Size))]);
    }

    /// <summary>Held-out "accuracy", "top3" and "nll" (mean cross-entropy in nats).</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        var report = Report(data);
        return new Dictionary<string, double> { ["accuracy"] = report.Accuracy, ["top3"] = report.TopThree, ["nll"] = report.Nll };
    }

    /// <summary>Accuracy, top-3 accuracy, mean cross-entropy and the confusion matrix on <paramref name="data"/> (labelled batches).</summary>
    /// <exception cref="ArgumentException">A batch has no labels.</exception>
    public ClassificationReport Report(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = Network.IsTraining;
        SetTraining(false);
        try
        {
            var confusion = new long[Classes, Classes];
            long top3 = 0, count = 0;
            double nll = 0;
            using var _ = Autograd.NoGrad();
            foreach (var batch in data)
            {
                var labels = batch.Labels ?? throw new ArgumentException("ImageClassifier.Report: batches need labels.");
                var logits = Network.Forward(batch.Inputs);
                nll += Losses.CrossEntropy(logits, labels, reduction: Reduction.Sum).Item();
                var scores = logits.Data;
                for (int i = 0; i < batch.Size; i++)
                {
                    var row = scores.Slice(i * Classes, Classes);
                    int predicted = 0, above = 0;
                    for (int c = 0; c < Classes; c++)
                    {
                        if (row[c] > row[predicted]) predicted = c;
                        if (row[c] > row[labels[i]]) above++;
                    }
                    confusion[labels[i], predicted]++;
                    if (above < 3) top3++;
                }
                count += batch.Size;
            }
            long correct = 0;
            for (int c = 0; c < Classes; c++) correct += confusion[c, c];
            return new ClassificationReport(correct / (double)count, top3 / (double)count, nll / count, confusion);
        }
        finally
        {
            SetTraining(wasTraining);
        }
    }

    /// <inheritdoc />
    public Tensor Features(Tensor images) => FeaturesAndProbabilities(images).Features;

    /// <inheritdoc />
    public (Tensor Features, Tensor Probabilities) FeaturesAndProbabilities(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        bool wasTraining = Network.IsTraining;
        Network.Train(false);
        try
        {
            using var _ = Autograd.NoGrad();
            var features = Network.Body.Forward(images);
            return (features, Network.Head.Forward(features).Softmax(1));
        }
        finally
        {
            Network.Train(wasTraining);
        }
    }

    /// <summary>Writes <c>{prefix}-confusion.json</c> (the test confusion matrix, accuracy and top-3) when <see cref="Test"/> is set.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Test == null) return;
        var report = Report(Test);
        Directory.CreateDirectory(directory);
        AtomicFile.WriteJson(SampleFiles.Path(directory, prefix, "confusion").Replace(".png", ".json", StringComparison.Ordinal), report.ToJson());
    }
}

/// <summary>How well a classifier does on labelled data.</summary>
/// <param name="Accuracy">The share of examples whose top class is the label.</param>
/// <param name="TopThree">The share whose label is among the three highest scores (ties broken in the label's favour).</param>
/// <param name="Nll">The mean cross-entropy, nats per example.</param>
/// <param name="Confusion">Counts [true class, predicted class].</param>
public sealed record ClassificationReport(double Accuracy, double TopThree, double Nll, long[,] Confusion)
{
    /// <summary>The report as JSON: accuracy, top3, nll and the confusion matrix as rows (true class) of counts.</summary>
    public JsonObject ToJson()
    {
        int k = Confusion.GetLength(0);
        var rows = new JsonArray();
        for (int i = 0; i < k; i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < k; j++) row.Add(Confusion[i, j]);
            rows.Add(row);
        }
        return new JsonObject { ["accuracy"] = Accuracy, ["top3"] = TopThree, ["nll"] = Nll, ["confusion"] = rows };
    }
}
