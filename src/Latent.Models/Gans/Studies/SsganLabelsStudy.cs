using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// <c>latent study ssgan-labels</c>: test accuracy of the semi-supervised GAN (K+1 classes, feature matching) beside
/// the same classifier trained on the labels alone, with 100 and 1,000 labels of Fashion-MNIST (Salimans et al. 2016,
/// Table 1 for MNIST).
/// </summary>
public sealed class SsganLabelsStudy : Study
{
    /// <summary>Labelled-set sizes compared.</summary>
    public int[] LabelCounts { get; init; } = [100, 1000];

    /// <summary>Training steps of every run (the same for the GAN and its baseline): 10 epochs of the 60,000 unlabelled images.</summary>
    public int Steps { get; init; } = 6000;

    /// <summary>Test accuracy is measured after every this many steps (and at the end): once an epoch of batches of 100.</summary>
    public int EvaluateEvery { get; init; } = 600;

    /// <summary>Unlabelled training images (the first ones of the training split); null for all 60,000.</summary>
    public int? TrainSize { get; init; }

    /// <summary>
    /// The options every run starts from (architecture, noise, optimizer); labels, baseline switch, steps and seed are set
    /// per run. The learning rate is Salimans et al.'s MNIST one, 3e-3: with it and 6,000 steps the GAN beats the
    /// baseline at both label counts, where 3e-4 and 2,000 steps left them tied at 1,000 labels.
    /// </summary>
    public SsganOptions Options { get; init; } = new() { LearningRate = 3e-3 };

    /// <inheritdoc />
    public override string Name => "ssgan-labels";

    /// <inheritdoc />
    public override string Title => "Semi-supervised GAN vs the labels alone, 100 and 1,000 labels";

    /// <inheritdoc />
    public override string? TypicalDuration => "about 40 minutes (longer on a busy machine)";

    /// <inheritdoc />
    public override string Explanation =>
        "For each labelled-set size (the same number of labels per class, drawn once from the seed) two runs of the same classifier — " +
        "Salimans et al.'s weight-normalized MLP 784-1000-500-250-250-250-10 with Gaussian noise 0.3 on the input and 0.5 on the hidden layers — " +
        "take the same number of steps with the same optimizer (Adam 3e-3, β₁ = 0.5, learning rate falling linearly to 0 over the last third): the " +
        "semi-supervised GAN, whose classifier is also the discriminator of K+1 classes (real images of any class vs generated ones, the " +
        "unlabelled loss in the softplus(logsumexp) form) against a generator trained by feature matching on its last hidden layer, and the " +
        "baseline, trained on the labelled batches alone. Every step draws a labelled batch of 100 from the small labelled set, so both sides " +
        "see the labelled images equally often. Accuracy is on the whole Fashion-MNIST test set, with the noise off. The curve shows test " +
        "accuracy during training; the grid shows the 1,000-label GAN's generator (feature matching makes a generator that helps the " +
        "classifier, not one that makes good-looking images).";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var runs = new JsonObject();
        var plot = new LinePlot { Title = "Fashion-MNIST test accuracy during training", XLabel = "step", YLabel = "test accuracy" };
        foreach (int labels in LabelCounts)
        {
            var accuracies = new JsonObject();
            foreach (bool labelsOnly in new[] { false, true })
            {
                string variant = labelsOnly ? "labels-only" : "ssgan";
                c.Report($"{variant}, {labels} labels");
                var (steps, curve, model) = Train(c, labels, labelsOnly);
                plot.Add($"{variant}, {labels} labels", steps, curve);
                accuracies[variant] = curve[^1];
                accuracies[variant + "_curve"] = StudyContext.Numbers(curve);
                if (!labelsOnly && labels == LabelCounts[^1])
                {
                    model.WriteSamples(c.OutputDirectory, "ssgan-samples");
                    c.Caption("ssgan-samples.png", $"the feature-matching generator of the {labels}-label GAN after {Steps} steps (100 fixed codes)");
                }
            }
            accuracies["gain"] = accuracies["ssgan"]!.GetValue<double>() - accuracies["labels-only"]!.GetValue<double>();
            runs[$"labels_{labels}"] = accuracies;
        }
        plot.Save(c.Picture("ssgan-accuracy.svg", "test accuracy of the semi-supervised GAN and the labels-only baseline during training"));
        return c.WriteJson("ssgan-labels.json", new JsonObject
        {
            ["study"] = Name,
            ["steps"] = Steps,
            ["evaluate_every"] = EvaluateEvery,
            ["train_size"] = TrainSize is int n ? n : 60_000,
            ["d_hidden"] = new JsonArray([.. Options.DiscriminatorHidden.Select(h => (JsonNode)h)]),
            ["learning_rate"] = Options.LearningRate,
            ["seed"] = c.Seed,
            ["runs"] = runs,
        });
    }

    private (double[] Steps, double[] Accuracy, SsganModel Model) Train(StudyContext c, int labels, bool labelsOnly)
    {
        var options = Options with
        {
            Labels = labels, LabelsOnly = labelsOnly, MaxSteps = Steps, TrainSize = TrainSize ?? Options.TrainSize,
            Seed = (long)c.Seed, DataDir = c.DataDir ?? Options.DataDir,
        };
        var setup = SsganModel.Create(options);
        var model = (SsganModel)setup.Model;
        var steps = new List<double>();
        var accuracy = new List<double>();
        for (int done = 0; done < Steps;)
        {
            int chunk = Math.Min(EvaluateEvery, Steps - done);
            InMemoryTraining.Fit(model, setup.Train, chunk);
            done += chunk;
            steps.Add(done);
            accuracy.Add(model.Evaluate(setup.Test!)["accuracy"]);
            c.Report($"  step {done}: test accuracy {accuracy[^1]:F4}");
        }
        return ([.. steps], [.. accuracy], model);
    }
}
