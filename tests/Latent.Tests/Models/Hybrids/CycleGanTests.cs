using Latent.Data;
using Latent.Models.Common;
using Latent.Models.Hybrids;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Models.Hybrids;

public class CycleGanTests
{
    private static CycleGan Small(CycleGanOptions? options = null, ulong seed = 1)
    {
        var gen = new Generator(seed);
        options ??= new CycleGanOptions { Width = 4, Blocks = 1, EvalSize = 64 };
        return new CycleGan(new ResnetGenerator(1, options.Width, options.Blocks, gen), new ResnetGenerator(1, options.Width, options.Blocks, gen),
            new PatchDiscriminator(1, options.Width, gen, paired: false), new PatchDiscriminator(1, options.Width, gen, paired: false),
            options, new Generator(seed + 1));
    }

    [Fact]
    public void CycleConsistencyOfAnIdentityPairIsZero()
    {
        var a = Tensor.Rand([3, 1, 28, 28], new Generator(4));
        Assert.Equal(0f, CycleGan.L1(a, a.Clone()).Item());
        var shifted = a + 0.25f;
        Assert.Equal(0.25f, CycleGan.L1(shifted, a).Item(), 5);
    }

    [Fact]
    public void ResnetGeneratorKeepsTheShapeAndPadsByReflection()
    {
        var g = new ResnetGenerator(1, 4, 2, new Generator(1));
        var y = g.Forward(Tensor.Rand([2, 1, 28, 28], new Generator(2)) * 2f - 1f);
        Assert.Equal([2, 1, 28, 28], y.Shape);
        Assert.All(y.ToArray(), v => Assert.InRange(v, -1f, 1f));
        Assert.Contains(g.Modules(), m => m is ReflectionPad2d);
        Assert.Equal(2, g.Modules().Count(m => m is Residual));
        var error = Assert.Throws<ArgumentException>(() => g.Forward(Tensor.Zeros(1, 1, 30, 30)));
        Assert.Contains("[1, 1, 30, 30]", error.Message);
    }

    [Fact]
    public void UnpairedDiscriminatorScoresSingleImagesAndRefusesPairs()
    {
        var d = new PatchDiscriminator(1, 4, new Generator(1), paired: false);
        Assert.Equal([2, 1, 7, 7], d.Score(Tensor.Zeros(2, 1, 28, 28)).Shape);
        Assert.Throws<InvalidOperationException>(() => d.Score(Tensor.Zeros(2, 1, 28, 28), Tensor.Zeros(2, 1, 28, 28)));
        var paired = new PatchDiscriminator(1, 4, new Generator(1));
        Assert.Throws<InvalidOperationException>(() => paired.Score(Tensor.Zeros(2, 1, 28, 28)));
    }

    [Fact]
    public void AStepUpdatesBothGeneratorsAndBothDiscriminatorsAndReportsItsTerms()
    {
        var model = Small();
        var before = model.Modules.ToDictionary(kv => kv.Key, kv => kv.Value.Parameters().First().ToArray());
        var batch = new Batch(Tensor.Rand([4, 1, 28, 28], new Generator(3)), null, Tensor.Rand([4, 1, 28, 28], new Generator(4)), [0, 1, 2, 3]);
        var metrics = model.TrainStep(batch);
        foreach (var (name, module) in model.Modules)
            Assert.NotEqual(before[name], module.Parameters().First().ToArray());
        foreach (var key in new[] { "loss", "g_adversarial", "cycle", "identity", "d_loss" })
            Assert.True(double.IsFinite(metrics[key]), key);
        Assert.Throws<ArgumentException>(() => model.TrainStep(batch with { Targets = null }));
    }

    [Fact]
    public void WithoutTheCycleWeightTheCycleIsStillMeasuredButNotTrained()
    {
        var model = Small(new CycleGanOptions { Width = 4, Blocks = 1, CycleWeight = 0 });
        var batch = new Batch(Tensor.Rand([4, 1, 28, 28], new Generator(3)), null, Tensor.Rand([4, 1, 28, 28], new Generator(4)), [0, 1, 2, 3]);
        var metrics = model.TrainStep(batch);
        Assert.True(metrics["cycle"] > 0);
        Assert.False(metrics.ContainsKey("identity")); // the identity terms scale with the cycle weight
        Assert.Equal(metrics["g_adversarial"], metrics["loss"], 6);
    }

    [Fact]
    public void PoolsSurviveACheckpointRoundTrip()
    {
        var model = Small();
        var batch = new Batch(Tensor.Rand([4, 1, 28, 28], new Generator(3)), null, Tensor.Rand([4, 1, 28, 28], new Generator(4)), [0, 1, 2, 3]);
        model.TrainStep(batch);
        var tensors = new Dictionary<string, Tensor>();
        model.SaveExtraState(tensors, new System.Text.Json.Nodes.JsonObject());
        Assert.Equal([4, 1, 28, 28], tensors["pool_a"].Shape);
        var fresh = Small();
        fresh.LoadExtraState(tensors, new System.Text.Json.Nodes.JsonObject());
        var again = new Dictionary<string, Tensor>();
        fresh.SaveExtraState(again, new System.Text.Json.Nodes.JsonObject());
        Assert.Equal(tensors["pool_b"].ToArray(), again["pool_b"].ToArray());
    }

    [Fact]
    public void OptionsRefuseBadValuesByName()
    {
        Assert.Contains("--cycle-weight", Assert.Throws<ArgumentException>(() => new CycleGanOptions { CycleWeight = -1 }.Validate()).Message);
        Assert.Contains("--pool", Assert.Throws<ArgumentException>(() => new CycleGanOptions { Pool = -1 }.Validate()).Message);
        Assert.Contains("--blocks", Assert.Throws<ArgumentException>(() => new CycleGanOptions { Blocks = -2 }.Validate()).Message);
    }

    [SkippableFact]
    public void DomainsAreUnpairedInTrainingAndPairedForScoring()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var (a, b) = UnpairedDomains.Split(CycleDomains.EdgesItems, train.Take(200), pairedSplit: false);
        Assert.Equal(100, a.Shape[0]);
        Assert.Equal(100, b.Shape[0]);
        // A holds the edges of images 0..99, B the items 100..199: no row of B is the item behind a row of A.
        Assert.Equal(PairedTasks.Input(TranslationTask.Edges, train.ToTensor(0, 100)).ToArray(), a.ToArray());
        Assert.Equal(train.ToTensor(100, 100).ToArray(), b.ToArray());
        var (ta, tb) = UnpairedDomains.Split(CycleDomains.EdgesItems, test.Take(50), pairedSplit: true);
        Assert.Equal(PairedTasks.Input(TranslationTask.Edges, tb).ToArray(), ta.ToArray());
        var (sneakers, boots) = UnpairedDomains.Split(CycleDomains.SneakerBoot, train, pairedSplit: false);
        Assert.Equal(sneakers.Shape[0], boots.Shape[0]);
        Assert.True(sneakers.Shape[0] > 50, $"{sneakers.Shape[0]} sneaker–boot pairs");
    }

    [SkippableFact]
    public void TrainingOnEdgesAndItemsLowersTheCycleErrorAndBringsTranslationsCloser()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var model = Small(new CycleGanOptions { Width = 8, Blocks = 1, EvalSize = 64, LearningRate = 1e-3, DiscriminatorLearningRate = 1e-3 });
        model.Paired = true;
        var (trainA, trainB) = UnpairedDomains.Split(CycleDomains.EdgesItems, train.Take(1024), pairedSplit: false);
        var (testA, testB) = UnpairedDomains.Split(CycleDomains.EdgesItems, test.Take(64), pairedSplit: true);
        var testLoader = new DataLoader(testA, testB, 64, shuffle: false);
        var before = model.Evaluate(testLoader);
        InMemoryTraining.Fit(model, new DataLoader(trainA, trainB, 8, shuffle: true, generator: new Generator(5)), 60);
        var after = model.Evaluate(testLoader);
        Assert.True(after["cycle_a"] < 0.7 * before["cycle_a"], $"cycle A {before["cycle_a"]} → {after["cycle_a"]}");
        // 60 steps lift the test PSNR by about 1 dB (8.60 → 9.65 dB run alone, 9.60 dB inside the whole suite), so the
        // bar sits at half that rather than on the edge of the run-to-run variation.
        Assert.True(after["psnr"] > before["psnr"] + 0.5, $"PSNR {before["psnr"]} → {after["psnr"]} dB");
        model.SampleSource = testA;
        var samples = ((ISampler)model).Sample(5, new Generator(6));
        Assert.Equal([5, 1, 28, 28], samples.Shape);
    }
}
