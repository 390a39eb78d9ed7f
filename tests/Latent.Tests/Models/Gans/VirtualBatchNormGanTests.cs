using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Gans;
using Latent.NN;
using Latent.Tensors;
using Latent.Tests.NN;
using Latent.Training;

namespace Latent.Tests.Models.Gans;

public sealed class VirtualBatchNormGanTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "latent-vbn-gan-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>A VBN generator and an MLP discriminator; <paramref name="seed"/> drives weights and the model's generator.</summary>
    private static GanModel Make(ulong seed, int referenceBatch = 16) => new(
        new MlpGenerator(4, [2], [16, 16], new Generator(seed), norm: NormKind.Virtual),
        new MlpDiscriminator(2, [16], new Generator(seed + 1)),
        new GanOptions { LearningRate = 1e-3, ReferenceBatchSize = referenceBatch },
        new Generator(seed + 2));

    private static DataLoader Data(ulong shuffleSeed)
        => new(Tensor.Randn([96, 2], new Generator(7), 0f, 0.3f) + 1f, batchSize: 16, shuffle: true, generator: new Generator(shuffleSeed));

    private static float[] Weights(GanModel model)
        => model.Generator.Parameters().Concat(model.Discriminator.Parameters()).SelectMany(p => p.ToArray()).ToArray();

    [Fact]
    public void VirtualGeneratorTrainsAndResumesBitExactly()
    {
        // 14 steps straight, against 8 steps, a checkpoint, a rebuild from other seeds and the remaining 6.
        var straight = Make(1);
        var initial = Weights(straight);
        var r = new Trainer(straight, Data(5), RunDirectory.Create("straight", _root), new TrainerOptions { Epochs = 3, MaxSteps = 14 }).Run();
        Assert.Equal(TrainingOutcome.Completed, r.Outcome);
        Assert.NotEqual(initial, Weights(straight));
        Assert.All(Weights(straight), w => Assert.True(float.IsFinite(w)));

        var run = RunDirectory.Create("split", _root);
        var first = Make(1);
        new Trainer(first, Data(5), run, new TrainerOptions { Epochs = 3, MaxSteps = 8 }).Run();
        var second = Make(50); // different weights, model generator and reference batch: all must come from the checkpoint
        Assert.NotEqual(first.ReferenceLatent!.ToArray(), second.ReferenceLatent!.ToArray());
        var r2 = new Trainer(second, Data(77), run, new TrainerOptions { Epochs = 3, MaxSteps = 14, Resume = true }).Run();
        Assert.Equal(14, r2.Steps);
        Assert.Equal(straight.ReferenceLatent!.ToArray(), second.ReferenceLatent!.ToArray());
        Assert.Equal(Weights(straight), Weights(second));
    }

    [Fact]
    public void TheReferenceBatchIsFixedOnceAndForwardedAtTheCurrentWeights()
    {
        var model = Make(3, referenceBatch: 12);
        Assert.Equal([12, 4], model.ReferenceLatent!.Shape);
        var z = model.ReferenceLatent.ToArray();
        var gen = new Generator(8);
        var probe = model.Generator.SampleLatent(5, new Generator(9));
        Tensor Probe()
        {
            using var _ = Autograd.NoGrad();
            return model.Generate(probe);
        }
        var before = Probe();
        for (int i = 0; i < 3; i++) model.TrainStep(new Batch(Tensor.Randn([16, 2], gen) + 1f, null, null, Enumerable.Range(0, 16).ToArray()));
        Assert.Equal(z, model.ReferenceLatent.ToArray()); // chosen once
        Assert.True((Probe() - before).Abs().Max().Item() > 0); // the generator moved, statistics included

        // Samples are per-example functions of z given the reference batch, in evaluation as in training.
        var batch = model.Sample(6, new Generator(10));
        var single = model.Sample(1, new Generator(10));
        NnAssert.Close(batch.Narrow(0, 0, 1), single, atol: 1e-5);
        NnAssert.Close(Probe(), model.Generate(probe), atol: 1e-6);

        // Bypassing the model's reference pass is a clear error rather than silently stale statistics.
        var e = Assert.Throws<InvalidOperationException>(() => model.Generator.Generate(probe));
        Assert.Contains("reference", e.Message);
    }

    [Fact]
    public void GeneratorGradientsIncludeTheReferencePass()
    {
        // The fake batch's graph reaches the generator's weights also through the reference statistics: the generator
        // gradient differs from one where the reference pass is cut from the graph.
        var model = Make(4);
        var z = model.Generator.SampleLatent(8, new Generator(11));
        var first = model.Generator.Parameters().First();
        Tensor Grad(bool throughReference)
        {
            var g = model.Generator;
            var y = VirtualBatchNorm.WithReference(g, () =>
            {
                using var _ = GradMode.Set(throughReference);
                g.Generate(model.ReferenceLatent!);
            }, () => g.Generate(z));
            return Autograd.Grad([model.Discriminator.Score(y).Sum()], [first])[0]!;
        }
        var viaModel = Autograd.Grad([model.Discriminator.Score(model.Generate(z)).Sum()], [first])[0]!;
        NnAssert.Close(Grad(true), viaModel, atol: 1e-6);
        Assert.True((Grad(true) - Grad(false)).Norm().Item() > 1e-3 * Grad(true).Norm().Item());
    }

    [Fact]
    public void ConditionalVirtualGeneratorCyclesItsReferenceLabels()
    {
        var gen = new Generator(12);
        var model = new GanModel(
            new MlpGenerator(3, [2], [8], gen, norm: NormKind.Virtual, labels: new LabelEncoder(3, LabelEncoding.OneHot, 0, gen)),
            new MlpDiscriminator(2, [8], gen, labels: new LabelEncoder(3, LabelEncoding.OneHot, 0, gen)),
            new GanOptions { ReferenceBatchSize = 9 }, new Generator(13));
        var m = model.TrainStep(new Batch(Tensor.Randn([6, 2], gen), [0, 1, 2, 0, 1, 2], null, Enumerable.Range(0, 6).ToArray()));
        Assert.True(double.IsFinite(m["g_loss"]));
        var labels = new[] { 2, 0 };
        NnAssert.Close(model.Sample(2, new Generator(14), labels).Narrow(0, 1, 1), model.Sample(2, new Generator(14), [1, 0]).Narrow(0, 1, 1), atol: 1e-5);
    }

    [Fact]
    public void CatalogNormVirtualBuildsWithItsReferenceBatch()
    {
        var config = new JsonObject
        {
            ["data"] = "toy:ring8", ["toy-samples"] = 128, ["batch-size"] = 16, ["hidden"] = 8,
            ["norm"] = "virtual", ["reference-batch"] = 10,
        };
        var setup = ModelCatalog.Find("gan")!.Create((config));
        var model = Assert.IsType<GanModel>(setup.Model);
        Assert.NotEmpty(model.Generator.Modules().OfType<VirtualBatchNorm>());
        Assert.Equal(10, model.ReferenceLatent!.Shape[0]);
        var metrics = model.TrainStep(setup.Train.First());
        Assert.True(double.IsFinite(metrics["d_loss"]) && double.IsFinite(metrics["g_loss"]));
        config["reference-batch"] = 1;
        Assert.Contains("reference", Assert.Throws<ArgumentException>(() => ModelCatalog.Find("gan")!.Create((config))).Message);
        Assert.Null(Make(5).Discriminator.Modules().OfType<VirtualBatchNorm>().FirstOrDefault());
    }
}
