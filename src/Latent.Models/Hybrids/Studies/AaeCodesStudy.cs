using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Vae;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Hybrids.Studies;

/// <summary>
/// <c>latent study aae-codes</c>: the 2-D codes of held-out images for adversarial autoencoders with a Gaussian, a
/// 10-part mixture and a swiss-roll prior, beside those of a VAE (Makhzani et al., 2016, Fig. 2 and 4).
/// </summary>
public sealed class AaeCodesStudy : Study
{
    /// <summary>Training images.</summary>
    public int TrainImages { get; init; } = 10_000;

    /// <summary>Held-out images encoded for the scatters and scores.</summary>
    public int TestImages { get; init; } = 2000;

    /// <summary>Training steps of each model.</summary>
    public int Steps { get; init; } = 1500;

    /// <summary>Hidden sizes of every encoder (decoders mirror them).</summary>
    public int[] Hidden { get; init; } = [256, 256];

    /// <inheritdoc />
    public override string Name => "aae-codes";

    /// <inheritdoc />
    public override string Title => "Adversarial autoencoder codes beside a VAE's";

    /// <inheritdoc />
    public override string? TypicalDuration => "a few minutes (longer on a busy machine)";

    /// <inheritdoc />
    public override string Explanation =>
        "Four models with a 2-D code (MLP encoders 784-256-256-2, mirrored decoders, the same batches of Fashion-MNIST) are trained for the " +
        "same number of steps: an adversarial autoencoder whose code discriminator wants N(0, I), one that wants a mixture of 10 Gaussian petals and " +
        "one that wants a swiss roll — the last two semi-supervised, the label of each training image picking its petal or stretch of the roll — " +
        "and a VAE with the N(0, I) prior (the aae defaults: Adam 1e-3 for reconstruction; for the adversarial updates of encoder and " +
        "discriminator 5e-4 and 2e-4 with the Gaussian prior, 1e-3 and 1e-3 with the priors with parts). Each scatter shows the codes of held-out images coloured by class (the VAE's are its posterior means). " +
        "prior_mmd is the maximum mean discrepancy between those codes and as many prior samples (0 for a perfect match); part_accuracy is the share " +
        "of held-out codes that fall in their own class's part (the labels were seen only in training). The AAE pushes the whole aggregated posterior " +
        "onto the prior's shape; the VAE's KL term acts on each posterior separately and leaves its means where reconstruction wants them. The grid " +
        "decodes the Gaussian AAE at evenly spaced percentiles of each coordinate (Fig. 2e).";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, TrainImages, TestImages);
        var variants = new JsonObject();
        foreach (var prior in new[] { AaePrior.Gaussian, AaePrior.Mixture, AaePrior.SwissRoll })
        {
            c.Report($"adversarial autoencoder, {OptionChoices(prior)} prior");
            var model = TrainAae(data, prior, c.Seed);
            var codes = LatentEncoding.Encode(model, data.Test);
            string file = $"aae-{OptionChoices(prior)}.svg";
            LatentEncoding.SaveScatter(codes, data.TestLabels, StudyData.ClassNames, c.Picture(file,
                $"AAE, {OptionChoices(prior)} prior: codes of held-out images coloured by class"), $"AAE, {OptionChoices(prior)} prior");
            var scores = Scores(model.Prior, codes, data, LatentEncoding.Reconstruct(model, data.Test), c.Seed);
            scores["scatter"] = file;
            variants[$"aae-{OptionChoices(prior)}"] = scores;
            if (prior == AaePrior.Gaussian)
                ImageGrid.Save(PercentileGrid(model, 12), c.Picture("aae-gaussian-percentiles.png",
                    "Gaussian AAE decoded at the 4th … 96th percentiles of z₁ (columns) and z₂ (rows)"), columns: 12);
        }
        c.Report("VAE");
        var vae = TrainVae(data, c.Seed);
        var vaeCodes = LatentEncoding.Encode(vae, data.Test);
        LatentEncoding.SaveScatter(vaeCodes, data.TestLabels, StudyData.ClassNames,
            c.Picture("vae-gaussian.svg", "VAE, N(0, I) prior: posterior means of held-out images coloured by class"), "VAE, N(0, I) prior");
        var vaeScores = Scores(new GaussianCodePrior(2), vaeCodes, data, LatentEncoding.Reconstruct(vae, data.Test), c.Seed);
        vaeScores["scatter"] = "vae-gaussian.svg";
        variants["vae-gaussian"] = vaeScores;
        return c.WriteJson("aae-codes.json", new JsonObject
        {
            ["study"] = Name,
            ["train_images"] = data.Train.Shape[0],
            ["test_images"] = data.Test.Shape[0],
            ["steps"] = Steps,
            ["hidden"] = new JsonArray([.. Hidden.Select(h => (JsonNode)h)]),
            ["seed"] = c.Seed,
            ["variants"] = variants,
        });
    }

    private static string OptionChoices(AaePrior prior) => Catalog.OptionChoices.Name(prior);

    private AdversarialAutoencoder TrainAae(StudyData data, AaePrior prior, ulong seed)
    {
        var options = new AaeOptions { Prior = prior, Hidden = Hidden, Seed = (long)seed };
        var codePrior = options.CreatePrior();
        var (encoder, decoder, discriminator) = HybridNetworks.Aae([1, 28, 28], Hidden, 2, options.DiscriminatorHidden,
            AdversarialAutoencoder.ConditionSlots(codePrior, options), new Generator(seed));
        var model = new AdversarialAutoencoder(encoder, decoder, discriminator, codePrior, options, new Generator(seed + 1));
        InMemoryTraining.Fit(model, Loader(data, seed), Steps);
        return model;
    }

    private VariationalAutoencoder TrainVae(StudyData data, ulong seed)
    {
        var (encoder, decoder) = VaeNetworks.Mlp([1, 28, 28], Hidden, 2, new Generator(seed));
        var vae = new VariationalAutoencoder(encoder, decoder, new VaeOptions { LatentDim = 2, Hidden = Hidden }, new Generator(seed + 1));
        InMemoryTraining.Fit(vae, Loader(data, seed), Steps);
        return vae;
    }

    private static DataLoader Loader(StudyData data, ulong seed)
        => new(data.Train, data.TrainLabels, batchSize: 100, shuffle: true, generator: new Generator(seed + 2));

    private static JsonObject Scores(CodePrior prior, Tensor codes, StudyData data, Tensor reconstructions, ulong seed)
    {
        double bce;
        using (Autograd.NoGrad())
            bce = Losses.BinaryCrossEntropy(reconstructions.Clamp(1e-6f, 1 - 1e-6f), data.Test, reduction: Reduction.Sum).Item() / data.Test.Shape[0];
        var scores = new JsonObject
        {
            ["prior_mmd"] = CodeMatch.Mmd(codes, prior.Sample(codes.Shape[0], new Generator(seed + 7))),
            ["test_reconstruction_bce"] = bce,
            ["code_std"] = StudyContext.Numbers(codes.Std([0], correction: 0).ToArray().Select(v => (double)v)),
        };
        if (prior.Components > 0) scores["part_accuracy"] = CodeMatch.PartAccuracy(prior, codes, data.TestLabels, new Generator(seed + 8));
        return scores;
    }

    /// <summary>Decodes a <paramref name="size"/>×<paramref name="size"/> grid of codes at evenly spaced percentiles of N(0, 1) in each coordinate.</summary>
    private static Tensor PercentileGrid(AdversarialAutoencoder model, int size)
    {
        var values = new float[size * size * 2];
        for (int row = 0; row < size; row++)
            for (int column = 0; column < size; column++)
            {
                values[2 * (row * size + column)] = (float)NormalQuantile((column + 0.5) / size);
                values[2 * (row * size + column) + 1] = (float)NormalQuantile(1 - (row + 0.5) / size);
            }
        using var _ = Autograd.NoGrad();
        return model.Decode(new Tensor(values, [size * size, 2]));
    }

    /// <summary>Φ⁻¹(p) by bisection on Φ (to 1e-10 in x).</summary>
    private static double NormalQuantile(double p)
    {
        double low = -10, high = 10;
        while (high - low > 1e-10)
        {
            double mid = 0.5 * (low + high);
            if (NormalCdf(mid) < p) low = mid; else high = mid;
        }
        return 0.5 * (low + high);
    }

    private static double NormalCdf(double x)
    {
        // System.Math has no erf: integrate the standard normal density from −10 with Simpson's rule.
        const int n = 2000;
        double a = -10, h = (x - a) / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = a + i * h, f = Math.Exp(-0.5 * t * t);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return Math.Max(0, sum * h / 3 / Math.Sqrt(2 * Math.PI));
    }
}
