using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.Models.Common.Adversarial;

namespace Latent.Models.Classifiers.Studies;

/// <summary>
/// <c>latent study adversarial-training</c>: the Fashion-MNIST CNN trained normally and adversarially (the lectures'
/// min-max game: each batch replaced by its FGSM examples, or its PGD examples of J projected steps, of radius δ),
/// then attacked by FGSM and PGD over a range of ε; the targeted 10 × 10 grid is drawn for the normally trained network.
/// </summary>
public sealed class AdversarialTrainingStudy : Study
{
    /// <summary>Training epochs of each network.</summary>
    public int Epochs { get; init; } = 2;

    /// <summary>Training images used (null: all 60,000).</summary>
    public int? TrainSize { get; init; } = 12_000;

    /// <summary>Test images attacked.</summary>
    public int TestImages { get; init; } = 500;

    /// <summary>The adversaries of adversarial training, one adversarially trained network each.</summary>
    public IReadOnlyList<AdversarialTraining> Adversaries { get; init; } = [AdversarialTraining.Fgsm, AdversarialTraining.Pgd];

    /// <summary>J, the inner steps of the PGD adversary (random start, step 2.5δ/J).</summary>
    public int PgdSteps { get; init; } = 3;

    /// <summary>δ of adversarial training.</summary>
    public double Radius { get; init; } = 0.1;

    /// <summary>Whether to draw the targeted grid (the slowest part).</summary>
    public bool TargetedGrid { get; init; } = true;

    /// <inheritdoc />
    public override string Name => "adversarial-training";

    /// <inheritdoc />
    public override string Title => "Adversarial examples and adversarial training of the Fashion-MNIST CNN";

    /// <inheritdoc />
    public override string TypicalDuration => "about 6 minutes";

    /// <inheritdoc />
    public override string Explanation =>
        $"{1 + Adversaries.Count} copies of the classifier family's CNN are trained for {Epochs} epochs on the first {TrainSize ?? 60_000} training images with Adam (cosine schedule) from the same seed: one on the " +
        $"images, the others adversarially, each batch replaced by its {string.Join(" or ", Adversaries.Select(Describe))} examples of radius delta = {Radius} " +
        "(theta updated on z_J, as in the lectures' algorithm). All are then attacked on the first test images. " + AttackStudy.Method;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var options = new ClassifierOptions { Epochs = Epochs, TrainSize = TrainSize, Seed = (long)c.Seed, DataDir = c.DataDir };
        c.Report($"standard CNN, {Epochs} epochs");
        var (standard, standardReport) = FashionMnistFeatureNetwork.Train(options, c.Report);
        var networks = new List<(string Name, IDifferentiableClassifier Classifier)> { ("standard", standard) };
        var fullTest = new JsonObject { ["standard"] = Math.Round(standardReport.Accuracy, 4) };
        foreach (var adversary in Adversaries)
        {
            c.Report($"adversarially trained CNN ({Describe(adversary)}, delta {Radius}), {Epochs} epochs");
            var (robust, robustReport) = FashionMnistFeatureNetwork.Train(options with { Adversarial = adversary, AdvEps = Radius, AdvSteps = PgdSteps }, c.Report);
            string name = $"{adversary.ToString().ToLowerInvariant()}-trained";
            networks.Add((name, robust));
            fullTest[name] = Math.Round(robustReport.Accuracy, 4);
        }
        var test = FashionMnist.Load(DatasetSplit.Test, c.DataDir).Take(TestImages);
        var attack = new AttackStudy(networks, test.ToTensor(), test.Labels.ToArray(), FashionMnist.ClassNames)
        { StudyName = Name, GridEpsilons = TargetedGrid ? AttackStudy.DefaultGridEpsilons : null };
        var json = attack.Run(c);
        json["epochs"] = Epochs;
        json["train_images"] = TrainSize ?? 60_000;
        json["adversaries"] = new JsonArray([.. Adversaries.Select(a => (JsonNode?)JsonValue.Create(Describe(a)))]);
        json["adversary_delta"] = Radius;
        json["test_accuracy_full"] = fullTest;
        return c.WriteJson(Name + ".json", json);
    }

    private string Describe(AdversarialTraining adversary) => adversary == AdversarialTraining.Pgd ? $"PGD-{PgdSteps}" : adversary.ToString().ToUpperInvariant();
}
