using System.Text.Json.Nodes;
using Latent.Models.Common;
using Latent.Optim;

namespace Latent.Models.Siamese.Studies;

/// <summary>
/// <c>latent study one-shot</c>: Siamese networks trained with each loss on seen classes and tested N-way one-shot on
/// unseen ones — 4-way on the four Fashion-MNIST classes held out of training, 5- and 20-way on the Hershey-font
/// capitals after training on lowercase, digits and signs — beside nearest-neighbour on pixels, with the embedding
/// of the unseen classes drawn.
/// </summary>
public sealed class OneShotStudy : Study
{
    /// <summary>Training steps of each network (Adam, learning rate annealed on a cosine to 0 over them).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>
    /// The network and training recipe every variant starts from (the study sets the data set, loss, hard negatives,
    /// episodes, seed and data folder): Koch's affine distortions, two conv blocks 32-64, a 256-unit hidden layer and a
    /// 64-d embedding.
    /// </summary>
    public SiameseOptions Recipe { get; init; } = new() { Channels = [32, 64], Hidden = 256, EmbeddingDim = 64, Distort = true, MaxShift = 0 };

    /// <summary>
    /// A small budget for tests and smoke runs: 30 steps, 50 episodes, the family's default small network, no
    /// hard-negative variant; <paramref name="losses"/> and <paramref name="datasets"/> default to all.
    /// </summary>
    public static OneShotStudy Quick(IReadOnlyList<SiameseLoss>? losses = null, IReadOnlyList<SiameseDataset>? datasets = null) => new()
    {
        Steps = 30,
        Episodes = 50,
        Recipe = new SiameseOptions { Distort = true, MaxShift = 0 },
        HardNegatives = false,
        Losses = losses ?? Enum.GetValues<SiameseLoss>(),
        Datasets = datasets ?? Enum.GetValues<SiameseDataset>(),
    };

    /// <summary>Episodes per N-way evaluation.</summary>
    public int Episodes { get; init; } = 500;

    /// <summary>The losses compared.</summary>
    public IReadOnlyList<SiameseLoss> Losses { get; init; } = Enum.GetValues<SiameseLoss>();

    /// <summary>Also train the contrastive network with hard-negative mining (a ninth and tenth network).</summary>
    public bool HardNegatives { get; init; }

    /// <summary>The data sets (Fashion-MNIST and the fonts).</summary>
    public IReadOnlyList<SiameseDataset> Datasets { get; init; } = Enum.GetValues<SiameseDataset>();

    /// <inheritdoc />
    public override string Name => "one-shot";

    /// <inheritdoc />
    public override string Title => "Siamese networks: one-shot recognition of classes never seen in training";

    /// <inheritdoc />
    public override string TypicalDuration => "about 15 minutes";

    /// <inheritdoc />
    public override string Explanation =>
        $"One shared-weight CNN embedding per loss (conv blocks {string.Join("-", Recipe.Channels)} of 3x3 conv, batch norm, ReLU and 2x2 max-pool, a {Recipe.Hidden}-unit hidden layer, " +
        $"a {Recipe.EmbeddingDim}-d output), trained {Steps} Adam steps (learning rate {Recipe.LearningRate} annealed on a cosine to 0) on pairs: each anchor of a batch of {Recipe.BatchSize} " +
        "gets a similar partner of its class from the training set and a dissimilar one from the batch" + (HardNegatives ? " (random, or the most alike with hard-negative mining)" : "") + "; " +
        (Recipe.Distort ? "each training image is distorted by Koch et al.'s random affine map (rotation up to 10 degrees, shear up to 0.3, scale 0.8-1.2, shift up to 2 pixels, each with probability 1/2). "
            : "training images are not distorted. ") +
        "Test: N-way one-shot trials on classes never trained on. Fashion-MNIST: train on classes 0-5 (T-shirt, trouser, pullover, dress, coat, sandal); each trial draws 4 of " +
        "shirt, sneaker, bag, ankle boot and two random images of each, one the support, one the query. Fonts: every character of 18 Latin Hershey fonts rasterised to 28x28 " +
        "(classes = characters, examples = fonts, like Omniglot's characters and drawers); train on lowercase, digits and signs; test on the 26 capitals with Koch's protocol: " +
        "each trial fixes two fonts (drawers) A and B and N capitals, the supports are the N capitals in font A and the queries the same capitals in font B (5- and 20-way). " +
        "A query is right when the support of its own class scores most alike. The baseline is nearest neighbour on pixels on the same trials. Koch et al. report 92.0% 20-way " +
        "on Omniglot (1-NN on pixels: 21.7%) after training on 964 characters by 20 drawers each; here 68 training characters by 18 fonts that differ far more than " +
        "Omniglot's drawers do (gothic, script and sans capitals of one letter share little), so the numbers are not comparable one for one.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var results = new JsonArray();
        foreach (var dataset in Datasets)
        {
            var variants = Losses.Select(l => (Loss: l, Hard: false)).ToList();
            if (HardNegatives && Losses.Contains(SiameseLoss.Contrastive)) variants.Add((SiameseLoss.Contrastive, true));
            JsonObject? baseline = null;
            foreach (var (loss, hard) in variants)
            {
                string name = loss.ToString().ToLowerInvariant() + (hard ? "+hard" : "");
                c.Report($"{dataset}: {name}, {Steps} steps");
                var options = Recipe with { Dataset = dataset, Loss = loss, Margin = null, HardNegatives = hard, Episodes = Episodes, Seed = (long)c.Seed, DataDir = c.DataDir };
                var setup = SiameseFamily.Create(options);
                var model = (SiameseModel)setup.Model;
                var schedule = new CosineAnnealingLr(model.Optimizers.Values.Single(), Steps);
                var steps = InMemoryTraining.Fit(model, setup.Train, Steps, schedule.Step);
                var metrics = model.Evaluate(setup.Test!);
                var entry = new JsonObject
                {
                    ["dataset"] = Slug(dataset),
                    ["loss"] = name,
                    ["margin"] = options.EffectiveMargin,
                    ["loss_first_20_steps"] = Math.Round(steps.Take(20).Average(m => m["loss"]), 4),
                    ["loss_last_20_steps"] = Math.Round(steps.TakeLast(20).Average(m => m["loss"]), 4),
                    ["pair_accuracy_last_20_steps"] = Math.Round(steps.TakeLast(20).Average(m => m["pair_accuracy"]), 4),
                };
                baseline ??= new JsonObject { ["dataset"] = Slug(dataset), ["loss"] = "nearest neighbour on pixels" };
                foreach (var (key, value) in metrics)
                {
                    if (key.StartsWith("oneshot_", StringComparison.Ordinal)) entry[key] = Math.Round(value, 4);
                    else baseline[key.Replace("pixel_nn_", "oneshot_", StringComparison.Ordinal)] = Math.Round(value, 4);
                }
                results.Add(entry);
                if (loss == SiameseLoss.Contrastive && !hard)
                {
                    var (images, labels) = LabelledImages.Collect(setup.Test!, limit: dataset == SiameseDataset.Fonts ? 10 * 18 : 2000);
                    string what = dataset == SiameseDataset.Fonts ? "the capitals A-J" : "the four held-out classes";
                    LatentEncoding.SaveScatter(model.Embed(images), labels, model.TestClassNames, c.Picture($"embedding-{Slug(dataset)}.svg",
                        $"Contrastive embedding of {what} (never trained on), first two principal components"), $"Embedding of unseen classes ({Slug(dataset)})");
                }
            }
            results.Add(baseline);
        }
        return c.WriteJson("one-shot.json", new JsonObject
        {
            ["study"] = Name,
            ["steps"] = Steps,
            ["network"] = $"conv {string.Join("-", Recipe.Channels)}, hidden {Recipe.Hidden}, embedding {Recipe.EmbeddingDim}",
            ["distortions"] = Recipe.Distort ? "Koch's affine" : Recipe.MaxShift > 0 ? $"shift up to {Recipe.MaxShift} px" : "none",
            ["learning_rate"] = Recipe.LearningRate,
            ["batch_size"] = Recipe.BatchSize,
            ["font_episodes"] = "Koch's: supports drawn by one font, queries by another",
            ["episodes"] = Episodes,
            ["seed"] = c.Seed,
            ["koch_2015_omniglot_20way"] = 0.92,
            ["results"] = results,
        });
    }

    private static string Slug(SiameseDataset dataset) => dataset == SiameseDataset.Fonts ? "fonts" : "fashion-mnist";
}
