using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Autoencoders;
using Latent.Tensors;

namespace Latent.Models.Autoencoders.Studies;

/// <summary>
/// <c>latent study pretraining</c>: a stacked autoencoder pre-trained on unlabelled images initializes a classifier
/// trained on a few labelled ones, against the same classifier from a random initialization.
/// </summary>
public sealed class PretrainingStudy : Study
{
    /// <summary>Unlabelled images, greedy steps per layer (fine-tuning takes as many), classifier steps, test images.</summary>
    public const int UnlabelledImages = 20_000, StepsPerLayer = 600, ClassifierSteps = 300, TestImages = 2000;

    private static readonly int[] Layers = [256, 64];
    private static readonly int[] LabelledSizes = [100, 300, 1000];

    /// <inheritdoc />
    public override string Name => "pretraining";

    /// <inheritdoc />
    public override string Title => "Stacked autoencoder pre-training for a classifier with few labels";

    /// <inheritdoc />
    public override string Explanation =>
        "A stacked autoencoder (sigmoid layers 784-256-64) is pre-trained greedily, one layer at a time, on 20,000 unlabelled " +
        "Fashion-MNIST images and then fine-tuned end to end. Its encoder plus a linear softmax layer is trained as a classifier on the " +
        "first 100, 300 and 1,000 labelled training images; the same architecture from a random initialization gets the same batches, " +
        "steps and learning rate. The plot and numbers are test accuracies on 2,000 images: pre-training pays most when labels are few.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, UnlabelledImages, TestImages);
        var stack = new StackedAutoencoder([1, 28, 28], Layers, StepsPerLayer, 3e-3, new Generator(c.Seed), new Generator(c.Seed + 1));
        InMemoryTraining.Fit(stack, data.Train, StepsPerLayer * (Layers.Length + 1), c.Seed + 2);
        var results = new JsonArray();
        var pretrained = new List<double>();
        var random = new List<double>();
        foreach (int n in LabelledSizes)
        {
            var comparison = stack.CompareClassifiers(data.Train.Narrow(0, 0, n), data.TrainLabels[..n], data.Test, data.TestLabels,
                StudyData.ClassNames.Count, ClassifierSteps, 3e-3, new Generator(c.Seed + 3));
            pretrained.Add(comparison.PretrainedAccuracy);
            random.Add(comparison.RandomInitAccuracy);
            results.Add(new JsonObject
            {
                ["labelled"] = n,
                ["accuracy_pretrained"] = Math.Round(comparison.PretrainedAccuracy, 4),
                ["accuracy_random_init"] = Math.Round(comparison.RandomInitAccuracy, 4),
            });
        }
        var sizes = LabelledSizes.Select(n => (double)n).ToList();
        new LinePlot { Title = "Test accuracy with few labels", XLabel = "labelled training images", YLabel = "test accuracy" }
            .Add("pre-trained stacked autoencoder", sizes, pretrained)
            .Add("random initialization", sizes, random)
            .Save(c.Picture("pretraining-accuracy.svg", "test accuracy with and without unsupervised pre-training"));
        return c.WriteJson("pretraining.json", new JsonObject
        {
            ["study"] = "pretraining",
            ["layers"] = new JsonArray([.. Layers.Select(l => (JsonNode)l)]),
            ["unlabelled_images"] = UnlabelledImages,
            ["steps_per_layer"] = StepsPerLayer,
            ["finetune_steps"] = StepsPerLayer,
            ["test_reconstruction_cross_entropy"] = Math.Round(stack.Evaluate(new DataLoader(data.Test, batchSize: 500, shuffle: false))["reconstruction"], 2),
            ["classifier_steps"] = ClassifierSteps,
            ["test_images"] = TestImages,
            ["seed"] = c.Seed,
            ["results"] = results,
        });
    }
}
