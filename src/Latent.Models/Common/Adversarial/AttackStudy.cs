using System.Globalization;
using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Common.Adversarial;

/// <summary>
/// Adversarial examples against one or more trained classifiers (F40), as <c>latent attack</c> and the classifiers'
/// adversarial-training study write them: accuracy against ε under FGSM and PGD, the clean and FGSM accuracy at a
/// reference ε, a row of FGSM examples per ε and, for the first classifier, the K × K grid of targeted attacks with
/// the ε each needed.
/// </summary>
/// <param name="classifiers">The classifiers by name, all of the same classes and input shape.</param>
/// <param name="images">Test inputs [N, ...] in [0, 1].</param>
/// <param name="labels">Their labels.</param>
/// <param name="classNames">The class names, for the grid's caption.</param>
public sealed class AttackStudy(IReadOnlyList<(string Name, IDifferentiableClassifier Classifier)> classifiers, Tensor images, int[] labels,
    IReadOnlyList<string> classNames) : Study
{
    /// <summary>The ε of the curves.</summary>
    public IReadOnlyList<float> Epsilons { get; init; } = [0f, 0.02f, 0.05f, 0.1f, 0.15f, 0.2f, 0.3f];

    /// <summary>The ε at which the headline accuracies are reported.</summary>
    public float ReferenceEpsilon { get; init; } = 0.1f;

    /// <summary>J, the steps of the PGD curve.</summary>
    public int PgdSteps { get; init; } = 10;

    /// <summary>The increasing ε the targeted grid tries; null skips the grid.</summary>
    public IReadOnlyList<float>? GridEpsilons { get; init; } = DefaultGridEpsilons;

    /// <summary>The ε the targeted grid tries by default.</summary>
    public static IReadOnlyList<float> DefaultGridEpsilons { get; } = [0.01f, 0.02f, 0.03f, 0.05f, 0.075f, 0.1f, 0.15f, 0.2f, 0.3f];

    /// <summary>How the attacks work and how to read the pictures.</summary>
    public const string Method =
        "Each test image x is moved inside the L-infinity ball ||x' - x|| <= epsilon (pixels in [0, 1]) to raise the classifier's loss: " +
        "FGSM takes one step x' = x + epsilon * sign(grad L); PGD takes J signed steps of 2.5 * epsilon / J, each projected back onto the ball " +
        "and the image range. The curves give the accuracy on such inputs against epsilon (epsilon = 0 is the clean accuracy). The targeted grid " +
        "turns one correctly classified test image of each class (rows) into every other class (columns) with the smallest epsilon of a list that " +
        "succeeds under PGD; the JSON gives the epsilon of each cell, black cells found none.";

    /// <summary>The name the command line and the JSON file use.</summary>
    public string StudyName { get; init; } = "attack";

    /// <inheritdoc />
    public override string Name => StudyName;

    /// <inheritdoc />
    public override string Title => "Adversarial examples: FGSM, PGD and targeted attacks";

    /// <inheritdoc />
    public override string Explanation => Method;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (classifiers.Count == 0) throw new ArgumentException("An attack study needs at least one classifier.");
        var gen = new Generator(c.Seed);
        var plot = new LinePlot { Title = $"Accuracy under attack ({labels.Length} test images)", XLabel = "epsilon (L-infinity, pixels in [0, 1])", YLabel = "accuracy" };
        var results = new JsonArray();
        foreach (var (name, classifier) in classifiers)
        {
            c.Report($"{name}: FGSM and PGD-{PgdSteps} at {Epsilons.Count} values of epsilon");
            var fgsm = AdversarialAccuracy.Curve(classifier, images, labels, Epsilons, SignGradientAttack.Fgsm, gen);
            var pgd = AdversarialAccuracy.Curve(classifier, images, labels, Epsilons, e => SignGradientAttack.Pgd(e, PgdSteps), gen);
            var x = Epsilons.Select(e => (double)e).ToList();
            plot.Add($"{name} FGSM", x, fgsm).Add($"{name} PGD-{PgdSteps}", x, pgd);
            results.Add(new JsonObject
            {
                ["name"] = name,
                ["clean_accuracy"] = Math.Round(AdversarialAccuracy.Of(classifier, images, labels), 4),
                [$"fgsm_accuracy_at_{Format(ReferenceEpsilon)}"] = Math.Round(AdversarialAccuracy.Under(classifier, images, labels, SignGradientAttack.Fgsm(ReferenceEpsilon)), 4),
                [$"pgd_accuracy_at_{Format(ReferenceEpsilon)}"] = Math.Round(AdversarialAccuracy.Under(classifier, images, labels, SignGradientAttack.Pgd(ReferenceEpsilon, PgdSteps)), 4),
                ["fgsm_curve"] = StudyContext.Numbers(fgsm.Select(a => Math.Round(a, 4))),
                ["pgd_curve"] = StudyContext.Numbers(pgd.Select(a => Math.Round(a, 4))),
            });
            WriteExamples(c, name, classifier);
        }
        plot.Save(c.Picture("accuracy-vs-eps.svg", "Accuracy against epsilon under FGSM and PGD (epsilon = 0: clean accuracy)"));
        var json = new JsonObject
        {
            ["study"] = StudyName,
            ["test_images"] = labels.Length,
            ["epsilons"] = StudyContext.Numbers(Epsilons.Select(e => (double)e)),
            ["reference_epsilon"] = ReferenceEpsilon,
            ["pgd_steps"] = PgdSteps,
            ["classifiers"] = results,
        };
        if (GridEpsilons != null) json["targeted_grid"] = WriteGrid(c, classifiers[0].Name, classifiers[0].Classifier);
        return c.WriteJson(StudyName + ".json", json);
    }

    private void WriteExamples(StudyContext c, string name, IDifferentiableClassifier classifier)
    {
        int n = Math.Min(10, labels.Length);
        var x = images.Narrow(0, 0, n);
        var y = labels.AsSpan(0, n).ToArray();
        var rows = Epsilons.Select(e => e > 0 ? SignGradientAttack.Fgsm(e).Untargeted(classifier, x, y) : x).ToArray();
        string file = $"fgsm-examples-{Slug(name)}.png";
        ImageGrid.Save(Tensor.Concat(rows), c.Picture(file,
            $"{name}: the first {n} test images (top row) and their FGSM examples at epsilon = {string.Join(", ", Epsilons.Skip(1).Select(Format))} (one row each)"), columns: n);
    }

    /// <summary>The caption of each grid cell, row by row: "-" on the diagonal, the ε that succeeded, or "&gt;" the largest ε tried.</summary>
    private string[] EpsilonCaptions(double[,] epsilons)
    {
        int k = epsilons.GetLength(0);
        return [.. Enumerable.Range(0, k * k).Select(c => c / k == c % k ? "-"
            : double.IsNaN(epsilons[c / k, c % k]) ? ">" + Format(GridEpsilons![^1]) : Format((float)epsilons[c / k, c % k]))];
    }

    private JsonObject WriteGrid(StudyContext c, string name, IDifferentiableClassifier classifier)
    {
        int k = classifier.Classes;
        var predicted = AdversarialAccuracy.Predict(classifier, images);
        // The first correctly classified image of each class; when the classifier gets none right, its first image.
        var sources = new int[k];
        var misclassified = new JsonArray();
        for (int cls = 0; cls < k; cls++)
        {
            sources[cls] = Enumerable.Range(0, labels.Length).FirstOrDefault(i => labels[i] == cls && predicted[i] == cls, -1);
            if (sources[cls] >= 0) continue;
            sources[cls] = Array.IndexOf(labels, cls);
            if (sources[cls] < 0) throw new InvalidOperationException($"The test images hold no image of class {cls} ({Label(cls)}) for the targeted grid; attack more of them.");
            misclassified.Add(cls);
        }
        c.Report($"{name}: targeted grid of {k} x {k} attacks");
        var grid = TargetedGrid.Build(classifier, images.IndexSelect(0, sources), GridEpsilons!, PgdSteps * 2);
        var rows = new JsonArray();
        var found = new List<double>();
        for (int i = 0; i < k; i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < k; j++)
            {
                double eps = Math.Round(grid.Epsilons[i, j], 4);
                row.Add(double.IsNaN(eps) ? null : JsonValue.Create(eps));
                if (i != j && !double.IsNaN(eps)) found.Add(eps);
            }
            rows.Add(row);
        }
        string caption = $"{name}: row i is the first correctly classified test image of class i ({string.Join(", ", Enumerable.Range(0, k).Select(i => $"{i} {Label(i)}"))}) turned by PGD into class j (column); " +
            $"the diagonal is the clean image; under each cell the smallest epsilon that succeeded ('>{Format(GridEpsilons![^1])}': none of the list did)";
        string path = c.Picture("targeted-grid.png", caption);
        if (grid.Images.Shape[1] == 1) PngWriter.Write(path, CaptionedGrid.Compose(grid.Images, EpsilonCaptions(grid.Epsilons), k));
        else ImageGrid.Save(grid.Images, path, columns: k);
        return new JsonObject
        {
            ["classifier"] = name,
            ["rows_are_classes"] = new JsonArray([.. Enumerable.Range(0, k).Select(i => (JsonNode?)JsonValue.Create(Label(i)))]),
            ["epsilons"] = rows,
            ["succeeded"] = found.Count,
            ["attempted"] = k * (k - 1),
            ["median_epsilon"] = found.Count > 0 ? found.Order().ElementAt(found.Count / 2) : null,
            ["sources_misclassified"] = misclassified,
        };
    }

    private string Label(int i) => i < classNames.Count ? classNames[i] : i.ToString(CultureInfo.InvariantCulture);

    private static string Format(float eps) => eps.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Slug(string name) => string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-'));
}
