using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Common.Adversarial;
using Latent.Tensors;

namespace Latent.Models.Siamese.Studies;

/// <summary>
/// <c>latent study siamese-attack</c>: a contrastive Siamese network trained on six Fashion-MNIST classes is
/// attacked on pairs of different held-out items it correctly calls different; PGD on the first image of each pair
/// pulls its embedding onto the second's until the pair falls inside the "same" zone of the margin.
/// </summary>
public sealed class EmbeddingAttackStudy : Study
{
    /// <summary>Training steps of the network.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Pairs attacked.</summary>
    public int Pairs { get; init; } = 100;

    /// <summary>The radii tried.</summary>
    public IReadOnlyList<float> Epsilons { get; init; } = [0.01f, 0.02f, 0.03f, 0.05f, 0.1f];

    /// <inheritdoc />
    public override string Name => "siamese-attack";

    /// <inheritdoc />
    public override string Title => "Adversarial pairs: making two different items \"the same\" for a Siamese network";

    /// <inheritdoc />
    public override string Explanation =>
        "A contrastive Siamese network (margin m = 1) is trained on Fashion-MNIST classes 0-5; a pair counts as \"the same\" when its embedding " +
        "distance is below m/2 (similar pairs are pulled to 0, dissimilar ones pushed beyond m). Pairs of held-out images of two different classes " +
        "(shirt, sneaker, bag, ankle boot) that the network calls different are attacked: PGD (20 signed steps, projected on the L-infinity ball of " +
        "radius epsilon) moves the first image to shrink its distance to the second's embedding. The plot gives the fraction of pairs turned " +
        "\"the same\" against epsilon; the picture shows pairs before and after.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var options = new SiameseOptions { Seed = (long)c.Seed, DataDir = c.DataDir, Episodes = 300 };
        var setup = SiameseFamily.Create(options);
        var model = (SiameseModel)setup.Model;
        c.Report($"contrastive Siamese network, {Steps} steps");
        var fit = InMemoryTraining.Fit(model, setup.Train, Steps);
        var (images, labels) = LabelledImages.Collect(setup.Test!);
        double oneShot = model.OneShotAccuracy(images, labels, 4, options.Episodes);
        var (first, second) = DifferentPairs(model, images, labels, Pairs, new Generator(c.Seed + 7));
        int p = first.Shape[0];
        var before = EmbeddingAttack.Scores(model, first, second);
        var rates = new List<double>();
        var rows = new JsonArray();
        Tensor? shown = null;
        foreach (float eps in Epsilons)
        {
            var (perturbed, after) = EmbeddingAttack.MakeSame(model, first, second, SignGradientAttack.Pgd(eps, 20));
            double rate = after.Count(s => s >= model.SameThreshold) / (double)p;
            rates.Add(rate);
            rows.Add(new JsonObject
            {
                ["epsilon"] = eps,
                ["made_same"] = Math.Round(rate, 4),
                ["median_distance_after"] = Math.Round(Median(after.Select(s => -(double)s)), 4),
            });
            if (shown == null && rate >= 0.5) shown = perturbed;
        }
        shown ??= EmbeddingAttack.MakeSame(model, first, second, SignGradientAttack.Pgd(Epsilons[^1], 20)).Images;
        int k = Math.Min(8, p);
        var pictureRows = new List<Tensor>();
        for (int i = 0; i < k; i++)
            pictureRows.AddRange([first.Narrow(0, i, 1), shown.Narrow(0, i, 1), second.Narrow(0, i, 1)]);
        ImageGrid.Save(Tensor.Concat([.. pictureRows]), c.Picture("pairs.png",
            "Each row of three: a held-out image, the same image after the attack (the smallest epsilon turning at least half the pairs), and the " +
            "item of another class it is now \"the same\" as"), columns: 3);
        new LinePlot { Title = "Different pairs turned \"the same\" (distance < m/2)", XLabel = "epsilon (L-infinity)", YLabel = "fraction of pairs" }
            .Add("PGD-20 on the first image", Epsilons.Select(e => (double)e).ToList(), rates)
            .Save(c.Picture("made-same.svg", "Fraction of different pairs made \"the same\" against the attack's radius"));
        return c.WriteJson("siamese-attack.json", new JsonObject
        {
            ["study"] = Name,
            ["loss"] = "contrastive",
            ["margin"] = model.Margin,
            ["same_threshold_distance"] = model.Margin / 2,
            ["steps"] = Steps,
            ["loss_first_20_steps"] = Math.Round(fit.Take(20).Average(m => m["loss"]), 4),
            ["loss_last_20_steps"] = Math.Round(fit.TakeLast(20).Average(m => m["loss"]), 4),
            ["oneshot_4way_heldout"] = Math.Round(oneShot, 4),
            ["pairs"] = p,
            ["median_distance_before"] = Math.Round(Median(before.Select(s => -(double)s)), 4),
            ["attacks"] = rows,
        });
    }

    /// <summary>Up to <paramref name="count"/> pairs of images of different classes that the model calls different.</summary>
    private static (Tensor First, Tensor Second) DifferentPairs(SiameseModel model, Tensor images, int[] labels, int count, Generator gen)
    {
        var a = new List<int>();
        var b = new List<int>();
        for (int tries = 0; tries < count * 4 && a.Count < count; tries++)
        {
            int i = gen.NextInt(labels.Length), j = gen.NextInt(labels.Length);
            if (labels[i] == labels[j]) continue;
            a.Add(i);
            b.Add(j);
        }
        var first = images.IndexSelect(0, [.. a]);
        var second = images.IndexSelect(0, [.. b]);
        var scores = EmbeddingAttack.Scores(model, first, second);
        int[] kept = [.. Enumerable.Range(0, a.Count).Where(i => scores[i] < model.SameThreshold)];
        if (kept.Length == 0) throw new InvalidOperationException("The network calls every sampled pair of different classes the same; train it longer.");
        return (first.IndexSelect(0, kept), second.IndexSelect(0, kept));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
