using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Hybrids;
using Latent.Tensors;

namespace Latent.Tests.Models.Hybrids;

public class AaeTests
{
    [Fact]
    public void MixturePartsSitOnTheirPetalsWithTheirSpreads()
    {
        var prior = new GaussianMixtureCodePrior(10);
        const int n = 20_000;
        foreach (int k in new[] { 0, 3, 7 })
        {
            var codes = prior.Sample(Enumerable.Repeat(k, n).ToArray(), new Generator((ulong)(11 + k))).ToArray();
            double angle = 2 * Math.PI * k / 10, c = Math.Cos(angle), s = Math.Sin(angle);
            var along = Enumerable.Range(0, n).Select(i => codes[2 * i] * c + codes[2 * i + 1] * s).ToArray();
            var across = Enumerable.Range(0, n).Select(i => -codes[2 * i] * s + codes[2 * i + 1] * c).ToArray();
            Close.Assert(GaussianMixtureCodePrior.Radius, along.Average(), atol: 0.02, what: $"part {k} radius");
            Close.Assert(0, across.Average(), atol: 0.005, what: $"part {k} across");
            Close.Assert(GaussianMixtureCodePrior.RadialStd, Std(along), atol: 0.01, what: $"part {k} radial std");
            Close.Assert(GaussianMixtureCodePrior.TangentialStd, Std(across), atol: 0.003, what: $"part {k} tangential std");
        }
    }

    [Fact]
    public void WholePriorDrawsEveryPartEquallyOften()
    {
        var prior = new GaussianMixtureCodePrior(10);
        var codes = prior.Sample(10_000, new Generator(3)).ToArray();
        var counts = new int[10];
        for (int i = 0; i < 10_000; i++)
        {
            double angle = Math.Atan2(codes[2 * i + 1], codes[2 * i]);
            counts[(int)Math.Round(((angle + 2 * Math.PI) % (2 * Math.PI)) / (2 * Math.PI / 10)) % 10]++;
        }
        Assert.All(counts, count => Assert.InRange(count, 880, 1120));
    }

    [Fact]
    public void SwissRollPartsAreConsecutiveStretchesOfTheRoll()
    {
        var prior = new SwissRollCodePrior(10, noise: 0f);
        for (int k = 0; k < 10; k++)
        {
            var codes = prior.Sample(Enumerable.Repeat(k, 500).ToArray(), new Generator((ulong)k)).ToArray();
            // Without noise ‖code‖ = t/5 with t = 1.5π(1 + 2u), u ∈ [k/10, (k + 1)/10).
            double low = 1.5 * Math.PI * (1 + 2 * k / 10.0) / 5, high = 1.5 * Math.PI * (1 + 2 * (k + 1) / 10.0) / 5;
            for (int i = 0; i < 500; i++)
                Assert.InRange(Math.Sqrt(codes[2 * i] * codes[2 * i] + codes[2 * i + 1] * codes[2 * i + 1]), low - 1e-5, high + 1e-5);
        }
    }

    [Fact]
    public void GaussianPriorIsStandardNormalAndRejectsParts()
    {
        var prior = new GaussianCodePrior(3);
        var codes = prior.Sample(30_000, new Generator(5));
        Assert.Equal([30_000, 3], codes.Shape);
        Assert.All(codes.Mean([0]).ToArray(), m => Close.Assert(0, m, atol: 0.02));
        Assert.All(codes.Std([0], correction: 0).ToArray(), s => Close.Assert(1, s, atol: 0.02));
        var e = Assert.Throws<ArgumentException>(() => prior.Sample([0], new Generator(1)));
        Assert.Contains("component 0", e.Message);
    }

    [Fact]
    public void MmdMatchesTheHandComputedValue()
    {
        var a = Tensor.FromArray([0f, 0f, 1f, 0f], 2, 2);
        var b = Tensor.FromArray([0f, 0f, 0f, 2f], 2, 2);
        static double K(double squared) => CodeMatch.Bandwidths.Sum(s => Math.Exp(-squared / (2 * s * s)));
        // Unbiased: the within-set means skip i = j, leaving one pair each (distances² 1 and 4).
        double expected = K(1) + K(4) - 2 * (K(0) + K(4) + K(1) + K(5)) / 4;
        Close.Assert(expected, CodeMatch.Mmd(a, b), atol: 1e-12, rtol: 1e-9, what: "MMD²");
    }

    [Fact]
    public void MmdIsNearZeroForTheSameDistributionAndLargeForAShiftedOne()
    {
        var prior = new GaussianCodePrior(2);
        double same = CodeMatch.Mmd(prior.Sample(1500, new Generator(1)), prior.Sample(1500, new Generator(2)));
        double shifted = CodeMatch.Mmd(prior.Sample(1500, new Generator(1)) + 1f, prior.Sample(1500, new Generator(2)));
        Assert.InRange(same, -0.01, 0.01);
        Assert.True(shifted > 0.3, $"MMD² of N(0, I) against N(1, I): {shifted}");
    }

    [Fact]
    public void PartAccuracyIsHighForCodesInTheirPartsAndChanceForShuffledLabels()
    {
        var prior = new GaussianMixtureCodePrior(10);
        var labels = Enumerable.Range(0, 1000).Select(i => i % 10).ToArray();
        var codes = prior.Sample(labels, new Generator(4));
        double own = CodeMatch.PartAccuracy(prior, codes, labels, new Generator(5));
        var shuffled = labels.Select(l => (l * 7 + 3) % 10).ToArray();
        double other = CodeMatch.PartAccuracy(prior, codes, shuffled, new Generator(5));
        Assert.True(own > 0.85, $"accuracy of codes drawn from their own parts: {own}");
        Assert.True(other < 0.1, $"accuracy against labels that never match: {other}");
    }

    [Fact]
    public void OnlyTheFirstLabelledExamplesShowTheirLabel()
    {
        var options = new AaeOptions { Prior = AaePrior.Mixture, Labelled = 3, Hidden = [8], DiscriminatorHidden = [8] };
        var model = Build(options, [4]);
        var batch = new Batch(Tensor.Zeros(4, 4), [5, 6, 7, 8], null, [0, 9, 2, 3]);
        Assert.Equal([5, 10, 7, 10], model.ConditionOf(batch)!);
        Assert.Equal(11, model.Discriminator.Classes);
        Assert.Null(Build(new AaeOptions { Prior = AaePrior.Mixture, Labelled = 0, Hidden = [8], DiscriminatorHidden = [8] }, [4])
            .ConditionOf(batch));
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new AaeOptions { Prior = AaePrior.SwissRoll, LatentDim = 3 }.Validate());
        Assert.Contains("--latent-dim 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AaeOptions { Labelled = 100 }.Validate());
        Assert.Contains("--labelled", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("aae")!.Bind(new JsonObject { ["prior"] = "uniform" }));
        Assert.Contains("swiss-roll", e.Message);
    }

    [SkippableFact]
    public void TrainingReconstructsBetterAndPullsTheCodesOntoThePrior()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var model = Build(new AaeOptions { Hidden = [64], DiscriminatorHidden = [32], GeneratorLearningRate = 1e-3, DiscriminatorLearningRate = 1e-3 }, [1, 28, 28]);
        var testLoader = new DataLoader(test, 256, shuffle: false);
        var before = model.Evaluate(testLoader);
        Latent.Models.Common.InMemoryTraining.Fit(model, new DataLoader(train, 64, shuffle: true, generator: new Generator(9)), 150);
        var after = model.Evaluate(testLoader);
        Assert.True(after["reconstruction"] < 0.7 * before["reconstruction"], $"reconstruction {before["reconstruction"]} → {after["reconstruction"]}");
        Assert.True(after["prior_mmd"] < 0.5 * before["prior_mmd"], $"prior MMD² {before["prior_mmd"]} → {after["prior_mmd"]}");
    }

    [Fact]
    public void LabelsPullEachClassIntoItsOwnPartOfTheMixture()
    {
        // Ten classes of noisy 24-bit patterns: with labels shown to the discriminator, held-out codes land in their
        // class's petal; without them the petals are filled in an arbitrary order.
        var (x, labels) = Patterns(2000, new Generator(21));
        var (heldOut, heldOutLabels) = Patterns(500, new Generator(22));
        double Accuracy(int? labelled)
        {
            var model = Build(new AaeOptions { Prior = AaePrior.Mixture, Labelled = labelled, Hidden = [32], DiscriminatorHidden = [32] }, [24]);
            Latent.Models.Common.InMemoryTraining.Fit(model, new DataLoader(x, labels, batchSize: 64, shuffle: true, generator: new Generator(23)), 1500);
            return CodeMatch.PartAccuracy(model.Prior, Latent.Models.Common.LatentEncoding.Encode(model, heldOut), heldOutLabels, new Generator(24));
        }
        double supervised = Accuracy(null), unsupervised = Accuracy(0);
        Assert.True(supervised > 0.8, $"held-out codes in their class's part with labels: {supervised}");
        Assert.True(unsupervised < 0.5, $"held-out codes in their class's part without labels: {unsupervised}");
    }

    private static (Tensor X, int[] Labels) Patterns(int n, Generator gen)
    {
        var prototypes = new Generator(20);
        var bits = Enumerable.Range(0, 10 * 24).Select(_ => prototypes.NextDouble() < 0.5 ? 1f : 0f).ToArray();
        var labels = new int[n];
        var values = new float[n * 24];
        for (int i = 0; i < n; i++)
        {
            labels[i] = gen.NextInt(10);
            for (int j = 0; j < 24; j++)
            {
                float bit = bits[labels[i] * 24 + j];
                values[i * 24 + j] = gen.NextDouble() < 0.05 ? 1 - bit : bit;
            }
        }
        return (new Tensor(values, [n, 24]), labels);
    }

    private static AdversarialAutoencoder Build(AaeOptions options, int[] shape)
    {
        var prior = options.CreatePrior();
        var (encoder, decoder, discriminator) = HybridNetworks.Aae(shape, options.Hidden, options.LatentDim, options.DiscriminatorHidden,
            AdversarialAutoencoder.ConditionSlots(prior, options), new Generator(1));
        return new AdversarialAutoencoder(encoder, decoder, discriminator, prior, options, new Generator(2));
    }

    private static double Std(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
