using System.Text.Json.Nodes;
using Latent.Models.Common;
using Latent.Data;
using Latent.Models.Vae;
using Latent.Tensors;

namespace Latent.Models.Vae.Studies;

/// <summary><c>latent study latent-objectives</c>: a 2-D VAE trained on the reconstruction loss only, the KL only, and both.</summary>
public sealed class LatentObjectivesStudy : Study
{
    /// <summary>Images trained on, steps per variant, and test images drawn in the scatters.</summary>
    public const int TrainImages = 10_000, Steps = 1000, TestImages = 2000;

    /// <inheritdoc />
    public override string Name => "latent-objectives";

    /// <inheritdoc />
    public override string Title => "What each term of the ELBO does to a 2-D latent space";

    /// <inheritdoc />
    public override string Explanation =>
        "Three VAEs with a 2-D latent space (MLP 784-256-2, same initialization and batches) are trained on Fashion-MNIST with the " +
        "reconstruction loss only, the KL divergence to N(0, I) only, and both (the ELBO). Each scatter shows the posterior means of " +
        "test images coloured by class. Reconstruction only: codes spread over a larger, arbitrary scale with gaps between groups of classes, so " +
        "a point drawn from N(0, I) need not decode to clothing. KL only: every code collapses onto the prior and carries no information (code spread ≈ 0 " +
        "for the means). Both: codes fill the prior while classes stay organized, which is what makes sampling and interpolation work.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, TrainImages, TestImages);
        var results = TrainVariants(data.Train, data.Test, data.TestLabels, StudyData.ClassNames, c.OutputDirectory, Steps, c.Seed);
        var variants = new JsonObject();
        foreach (var r in results) c.Caption(Path.GetFileName(r.Path), $"{r.Name}: posterior means of test images coloured by class");
        foreach (var r in results)
            variants[r.Name] = new JsonObject { ["final_loss"] = r.FinalLoss, ["code_spread"] = r.CodeSpread, ["scatter"] = Path.GetFileName(r.Path) };
        return c.WriteJson("latent-objectives.json", new JsonObject
        {
            ["study"] = "latent-objectives",
            ["train_images"] = TrainImages,
            ["test_images"] = TestImages,
            ["steps"] = Steps,
            ["latent_dim"] = 2,
            ["seed"] = c.Seed,
            ["variants"] = variants,
        });
    }

    /// <summary>Trains the three variants (same initialization and batches) briefly and writes one scatter per variant of the test codes coloured by class.</summary>
    /// <param name="train">Training images [N, 1, 28, 28] (or any shape).</param>
    /// <param name="test">Test images to encode.</param>
    /// <param name="testLabels">Class of each test image (colours).</param>
    /// <param name="classNames">Names of the classes for the legend, or null.</param>
    /// <param name="directory">Where to write <c>latent-reconstruction-only.svg</c>, <c>latent-kl-only.svg</c>, <c>latent-elbo.svg</c>.</param>
    /// <param name="steps">Optimizer steps per variant.</param>
    /// <param name="seed">Seeds initialization, batches and noise.</param>
    /// <param name="batchSize">Examples per step.</param>
    public static IReadOnlyList<LatentObjectiveResult> TrainVariants(Tensor train, Tensor test, int[] testLabels, IReadOnlyList<string>? classNames,
        string directory, int steps = 1000, ulong seed = 1, int batchSize = 128)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        Directory.CreateDirectory(directory);
        var variants = new (string Name, float ReconstructionWeight, float Beta, string Title)[]
        {
            ("reconstruction-only", 1f, 0f, "Reconstruction loss only"),
            ("kl-only", 0f, 1f, "KL divergence only"),
            ("elbo", 1f, 1f, "Reconstruction + KL (ELBO)"),
        };
        var results = new List<LatentObjectiveResult>();
        int[] shape = train.Shape[1..];
        foreach (var v in variants)
        {
            var gen = new Generator(seed);
            var (encoder, decoder) = VaeNetworks.Mlp(shape, [256], 2, gen);
            var model = new VariationalAutoencoder(encoder, decoder,
                new VaeOptions { Beta = v.Beta, ReconstructionWeight = v.ReconstructionWeight }, new Generator(seed + 1));
            var loader = new DataLoader(train, batchSize: batchSize, shuffle: true, generator: new Generator(seed + 2));
            double last = InMemoryTraining.Fit(model, loader, steps)[^1]["loss"];
            var codes = LatentEncoding.Encode(model, test);
            string path = Path.Combine(directory, $"latent-{v.Name}.svg");
            LatentEncoding.SaveScatter(codes, testLabels, classNames, path, v.Title);
            double spread = codes.Std([0], correction: 0).Mean().Item();
            results.Add(new LatentObjectiveResult(v.Name, path, last, spread));
        }
        return results;
    }
}
