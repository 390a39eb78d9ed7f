using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Boltzmann.Studies;

/// <summary>
/// <c>latent study dbn-classifier</c>: a deep belief net's weights initialise an MLP with a softmax on top, fine-tuned
/// by backpropagation, against the same MLP from a random initialisation, with 1,000 labels and with all of them.
/// </summary>
public sealed class DbnClassifierStudy : Study
{
    /// <summary>Hidden sizes of the DBN and the MLP.</summary>
    public int[] Layers { get; init; } = [500, 500];

    /// <summary>Unlabelled training images the DBN is pre-trained on (all of Fashion-MNIST's 60,000 by default).</summary>
    public int TrainImages { get; init; } = 60_000;

    /// <summary>Test images the accuracies are measured on.</summary>
    public int TestImages { get; init; } = 10_000;

    /// <summary>CD-1 updates of 100 images per DBN layer.</summary>
    public int StepsPerLayer { get; init; } = 600;

    /// <summary>The labelled subsets: the first n training images with their labels (the last is all of them).</summary>
    public int[] LabelledSizes { get; init; } = [1000, 60_000];

    /// <summary>Adam steps of 100 examples of each classifier.</summary>
    public int FineTuneSteps { get; init; } = 600;

    /// <summary>Adam's learning rate for both initialisations.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <inheritdoc />
    public override string Name => "dbn-classifier";

    /// <inheritdoc />
    public override string Title => "A deep belief net initialises a classifier";

    /// <inheritdoc />
    public override string TypicalDuration => "5-15 minutes";

    /// <inheritdoc />
    public override string Explanation =>
        $"A deep belief net 784-{string.Join("-", Layers)} is pre-trained greedily by CD-1 on {TrainImages:N0} unlabelled Fashion-MNIST images " +
        $"(binarized at 0.5; {StepsPerLayer:N0} updates of 100 images per layer). Its weights and hidden biases become the sigmoid layers of an MLP " +
        $"with a softmax layer on top (Hinton, Osindero & Teh 2006; Hinton & Salakhutdinov 2006), fine-tuned by backpropagation on the first " +
        $"{string.Join(" and ", LabelledSizes.Select(n => n.ToString("N0")))} labelled images ({FineTuneSteps:N0} Adam steps of 100 at learning rate {LearningRate}). " +
        "The same MLP from a random initialisation gets the same batches, steps and learning rate. The numbers are test accuracies on " +
        $"{TestImages:N0} test images (the classifier sees the grey pixels, as the DBN's first layer does its probabilities).";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var data = StudyData.Load(c, TrainImages, TestImages);
        c.Report($"pre-training the DBN 784-{string.Join("-", Layers)}");
        var dbn = GreedyPretraining.Train(data.Train, Layers, StepsPerLayer, c.Seed);
        var sizes = UnrolledNetworks.Sizes(dbn.Layers);
        var results = new JsonArray();
        var pretrained = new List<double>();
        var random = new List<double>();
        foreach (int n in LabelledSizes.Select(n => Math.Min(n, data.Train.Shape[0])))
        {
            var x = data.Train.Narrow(0, 0, n);
            var labels = data.TrainLabels[..n];
            c.Report($"fine-tuning with {n} labels");
            var fromDbn = UnrolledNetworks.Classifier(dbn.Layers, StudyData.ClassNames.Count, new Generator(c.Seed + 10));
            var fromNoise = UnrolledNetworks.RandomClassifier(sizes, StudyData.ClassNames.Count, new Generator(c.Seed + 10));
            double lossDbn = BackpropFineTuning.TrainClassifier(fromDbn, x, labels, FineTuneSteps, 100, LearningRate, new Generator(c.Seed + 20));
            double lossNoise = BackpropFineTuning.TrainClassifier(fromNoise, x, labels, FineTuneSteps, 100, LearningRate, new Generator(c.Seed + 20));
            double accDbn = BackpropFineTuning.Accuracy(fromDbn, data.Test, data.TestLabels);
            double accNoise = BackpropFineTuning.Accuracy(fromNoise, data.Test, data.TestLabels);
            pretrained.Add(accDbn);
            random.Add(accNoise);
            results.Add(new JsonObject
            {
                ["labelled"] = n,
                ["test_accuracy_dbn_init"] = Math.Round(accDbn, 4),
                ["test_accuracy_random_init"] = Math.Round(accNoise, 4),
                ["train_loss_dbn_init"] = Math.Round(lossDbn, 4),
                ["train_loss_random_init"] = Math.Round(lossNoise, 4),
            });
        }
        var counts = LabelledSizes.Select(n => (double)Math.Min(n, data.Train.Shape[0])).ToList();
        new LinePlot { Title = "Test accuracy of the fine-tuned MLP", XLabel = "labelled training images", YLabel = "test accuracy" }
            .Add("DBN initialisation", counts, pretrained)
            .Add("random initialisation", counts, random)
            .Save(c.Picture("dbn-classifier-accuracy.svg", "test accuracy after fine-tuning, from the DBN's weights and from random ones"));
        ImageGrid.Save(FilterImages.Of(dbn.Layers[0], 100, [1, 28, 28]),
            c.Picture("dbn-filters.png", "the first 100 first-layer filters of the DBN, each scaled to its own range"), columns: 10);
        return c.WriteJson("dbn-classifier.json", new JsonObject
        {
            ["study"] = Name,
            ["layers"] = new JsonArray([.. sizes.Select(s => (JsonNode)s)]),
            ["pretraining_images"] = data.Train.Shape[0],
            ["cd_k"] = 1,
            ["steps_per_layer"] = StepsPerLayer,
            ["finetune_steps"] = FineTuneSteps,
            ["finetune_batch"] = 100,
            ["learning_rate"] = LearningRate,
            ["test_images"] = data.Test.Shape[0],
            ["seed"] = c.Seed,
            ["results"] = results,
        });
    }
}
