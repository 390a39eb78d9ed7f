using Latent.Models.Common;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class GanTrainingTests
{
    private static Batch Batch(Tensor x, int[]? labels = null) => new(x, labels, null, Enumerable.Range(0, x.Shape[0]).ToArray());

    private static Tensor Mean(Tensor x) => x.Mean(0);

    [Fact]
    public void MlpGanMovesItsSamplesOntoAShiftedGaussian()
    {
        var gen = new Generator(2);
        var g = new MlpGenerator(4, [2], [32], gen);
        var d = new MlpDiscriminator(2, [32], gen);
        var model = new GanModel(g, d, new GanOptions { LearningRate = 2e-3 }, new Generator(7));
        var target = Tensor.FromArray([2f, -1f], 1, 2);
        double Distance() => (Mean(model.Sample(500, new Generator(9))) - target.Reshape(2)).Norm().Item();
        double before = Distance();
        for (int i = 0; i < 400; i++)
        {
            var metrics = model.TrainStep(Batch(Tensor.Randn([64, 2], gen, 0f, 0.3f) + target));
            Assert.All(metrics.Values.Where(v => !double.IsNaN(v)), v => Assert.True(double.IsFinite(v)));
        }
        double after = Distance();
        Assert.True(after < 0.35 * before && after < 0.5, $"mean distance {before:F3} → {after:F3}");
    }

    [Fact]
    public void GeneratorStepsEveryKthCallAndWeightClippingBoundsTheCritic()
    {
        var gen = new Generator(3);
        var g = new MlpGenerator(2, [2], [8], gen);
        var d = new MlpDiscriminator(2, [8], gen);
        var options = new GanOptions { Loss = GanLossKind.Wasserstein, WeightClip = 0.01, DiscriminatorSteps = 3, Optimizer = GanOptimizer.RmsProp, LearningRate = 1e-3 };
        var model = new GanModel(g, d, options, new Generator(1));
        var g0 = g.Parameters().First().ToArray();
        model.TrainStep(Batch(Tensor.Randn([16, 2], gen)));
        model.TrainStep(Batch(Tensor.Randn([16, 2], gen)));
        Assert.Equal(g0, g.Parameters().First().ToArray()); // no generator step yet
        Assert.All(d.Parameters().SelectMany(p => p.ToArray()), w => Assert.InRange(w, -0.01f, 0.01f));
        model.TrainStep(Batch(Tensor.Randn([16, 2], gen)));
        Assert.NotEqual(g0, g.Parameters().First().ToArray());
    }

    [Fact]
    public void EveryTrickTrainsTogetherAndResumesItsExtraState()
    {
        var gen = new Generator(4);
        GanModel Make() => new(new MlpGenerator(3, [2], [8, 8], new Generator(1), norm: NormKind.Virtual),
            new MlpDiscriminator(2, [8], new Generator(2), minibatchKernels: 3, minibatchStd: true),
            new GanOptions
            {
                LabelSmoothing = 0.1f, FeatureMatching = true, HistoricalAveraging = 0.01, ReplayCapacity = 32,
                SnapshotSwapEvery = 4, SnapshotSwapLength = 1, SeparateBatches = false, R1 = 1,
            }, new Generator(5));
        var model = Make();
        bool swapped = false;
        for (int i = 0; i < 10; i++)
        {
            var m = model.TrainStep(Batch(Tensor.Randn([8, 2], gen)));
            Assert.All(m.Values, v => Assert.True(double.IsFinite(v)));
            Assert.True(m.ContainsKey("d_loss") || m["swapped"] > 0);
            swapped |= m["swapped"] > 0;
        }
        Assert.True(swapped);
        Assert.Equal(32, model.Replay!.Count);
        var tensors = new Dictionary<string, Tensor>();
        var state = new JsonObject();
        model.SaveExtraState(tensors, state);
        var copy = Make();
        copy.LoadExtraState(tensors, state);
        Assert.Equal(model.StepCount, copy.StepCount);
        Assert.Equal(model.Replay.Contents().ToArray(), copy.Replay!.Contents().ToArray());
    }

    [Fact]
    public void UnrolledGanTrainsAStep()
    {
        var gen = new Generator(6);
        var model = new GanModel(new MlpGenerator(2, [2], [8], gen), new MlpDiscriminator(2, [8], gen),
            new GanOptions { UnrollSteps = 2 }, new Generator(1));
        var m = model.TrainStep(Batch(Tensor.Randn([16, 2], gen)));
        Assert.True(double.IsFinite(m["g_loss"]));
    }

    [Fact]
    public void DcganNetworksHaveWorkloadW2Shapes()
    {
        var gen = new Generator(1);
        var g = new DcganGenerator(gen);
        var d = new DcganDiscriminator(gen);
        var x = g.Generate(g.SampleLatent(2, gen));
        Assert.Equal([2, 1, 28, 28], x.Shape);
        Assert.Equal([2], d.Score(x).Shape);
        Assert.Equal([2, 128, 7, 7], d.Features(x).Shape);
        // W2: 100·256·49 + 256·128·16 + 128·16 weights plus two batch norms; D: 16·64 + 64·128·16 + 128·49 plus one.
        Assert.Equal(100 * 256 * 49 + 256 * 128 * 16 + 128 * 16 + 2 * (256 + 128), g.ParameterCount);
        Assert.Equal(16 * 64 + 64 * 128 * 16 + 128 * 49 + 2 * 128, d.ParameterCount);
        var critic = new DcganDiscriminator(gen, norm: NormKind.None, minibatchStd: true, minibatchKernels: 4, spectralNorm: true);
        Assert.Equal([2], critic.Score(x).Shape);
    }

    [Fact]
    public void ConditionalDcganTakesLabelsAndWritesOneRowPerClass()
    {
        var gen = new Generator(2);
        var g = new DcganGenerator(gen, latentDim: 8, labels: new LabelEncoder(10, LabelEncoding.OneHot, 0, gen), width: 8);
        var d = new DcganDiscriminator(gen, labels: new LabelEncoder(10, LabelEncoding.Embedding, 4, gen));
        var model = new GanModel(g, d, new GanOptions(), new Generator(3));
        var m = model.TrainStep(Batch(Tensor.Rand([4, 1, 28, 28], gen, -1f, 1f), [0, 3, 5, 9]));
        Assert.True(double.IsFinite(m["g_loss"]));
        var dir = Path.Combine(Path.GetTempPath(), "latent-cgan-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.WriteSamples(dir, "grid");
            var png = Latent.IO.PngReader.Read(Path.Combine(dir, "grid.png"));
            Assert.Equal(10 * 28 + 11 * 2, png.Height); // ten rows, one per class
        }
        finally { Directory.Delete(dir, recursive: true); }
        var images = ((ISampler)model).Sample(20, model.Rng); // what `latent sample` draws: [0, 1] images, classes cycling
        Assert.Equal([20, 1, 28, 28], images.Shape);
        Assert.True(images.Min().Item() >= 0f && images.Max().Item() <= 1f);
    }

    [Theory]
    [InlineData("gan")]
    [InlineData("unrolled-gan")]
    [InlineData("wgan")]
    [InlineData("wgan-gp")]
    [InlineData("sngan")]
    public void CatalogModelsBuildAndStepOnToyData(string name)
    {
        var spec = ModelCatalog.Find(name)!;
        Assert.Equal(ModelStatus.Available, spec.Status);
        var config = new JsonObject { ["data"] = "toy:ring8", ["toy-samples"] = 256, ["batch-size"] = 32, ["hidden"] = 16 };
        if (name != "gan" && name != "unrolled-gan") config["d-norm"] = "none";
        var setup = spec.Create((config));
        var batch = setup.Train.First();
        var metrics = setup.Model.TrainStep(batch);
        Assert.True(double.IsFinite(metrics["d_loss"]));
    }

    [Fact]
    public void CatalogRejectsBadOptionsClearly()
    {
        var spec = ModelCatalog.Find("gan")!;
        Assert.Contains("toy", Assert.Throws<ArgumentException>(() => spec.Create((new JsonObject { ["data"] = "toy:nothing" }))).Message);
        Assert.Contains("loss", Assert.Throws<ArgumentException>(() => spec.Create((new JsonObject { ["loss"] = "magic" }))).Message);
        Assert.Contains("labelled", Assert.Throws<ArgumentException>(() =>
            ModelCatalog.Find("cgan")!.Create((new JsonObject { ["data"] = "toy:ring8" }))).Message);
    }
}
