using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Boltzmann;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>The deep belief net's greedy layer-wise training, sampling, checkpoints and options.</summary>
public class DbnTests
{
    /// <summary>n noisy copies (5 % of pixels flipped) of 4 random binary prototypes of 36 pixels.</summary>
    internal static Tensor Prototypes(int n, ulong seed)
    {
        var prototypes = Tensor.Bernoulli(0.5f, [4, 36], new Generator(99));
        var noise = new Generator(seed);
        var x = Tensor.Zeros(n, 36);
        for (int r = 0; r < n; r++)
        {
            int k = noise.NextInt(4);
            for (int i = 0; i < 36; i++)
            {
                float p = prototypes.Data[k * 36 + i];
                x.Data[r * 36 + i] = noise.NextFloat() < 0.05f ? 1 - p : p;
            }
        }
        return x;
    }

    private static DeepBeliefNet Make(Tensor train, long layerSteps, ulong seed = 3)
        => new([36], new DbnOptions { Layers = [16, 8], LearningRate = 0.1, SampleSteps = 200 }, train.Mean(0), train.Shape[0], layerSteps,
            new Generator(seed), new Generator(seed + 1));

    [Fact]
    public void GreedyTrainingTrainsOneLayerAtATimeAndImprovesTheReconstructionThroughTheStack()
    {
        var train = Prototypes(512, seed: 1);
        var testLoader = new DataLoader(Prototypes(256, seed: 2), batchSize: 128, shuffle: false);
        var dbn = Make(train, layerSteps: 200);
        var bottomBefore = dbn.Evaluate(testLoader)["reconstruction_error"];
        var steps = InMemoryTraining.Fit(dbn, new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(5)), 200);
        Assert.All(steps, m => Assert.Equal(0, m["layer"]));
        Assert.True(steps.TakeLast(10).Average(m => m["loss"]) < 0.6 * steps.Take(10).Average(m => m["loss"]), "the first layer's reconstruction error should fall");
        Assert.Equal(1, dbn.CurrentLayer);
        var firstLayer = dbn.Layers[0].Weight.ToArray();
        var stackBefore = dbn.Evaluate(testLoader)["reconstruction_error"];

        steps = InMemoryTraining.Fit(dbn, new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(6)), 200);
        Assert.All(steps, m => Assert.Equal(1, m["layer"]));
        Assert.Equal(firstLayer, dbn.Layers[0].Weight.ToArray());      // lower layers are frozen while the next one trains
        var stackAfter = dbn.Evaluate(testLoader)["reconstruction_error"];
        Assert.True(stackAfter < 0.7 * stackBefore, $"reconstruction through both layers {stackBefore:F3} → {stackAfter:F3}");
        Assert.True(stackAfter < bottomBefore, $"{stackAfter:F3} should beat the untrained single layer's {bottomBefore:F3}");
    }

    [Fact]
    public void AnUpperLayerStartsWithVisibleBiasesFromTheMeanActivationsBelow()
    {
        var train = Prototypes(256, seed: 1);
        var dbn = Make(train, layerSteps: 150);
        InMemoryTraining.Fit(dbn, new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(5)), 150);
        Assert.All(dbn.Layers[1].VisibleBias.ToArray(), b => Assert.Equal(0f, b));   // untouched until its first update
        var batch = train.Narrow(0, 0, 32);
        var means = dbn.Up(dbn.Binarize(batch), 1).Mean(0).ToArray();
        dbn.TrainStep(new Batch(batch, null, null, Enumerable.Range(0, 32).ToArray()));
        var bias = dbn.Layers[1].VisibleBias.ToArray();
        for (int j = 0; j < 16; j++)
        {
            double p = (means[j] * 32 + 0.25) / 32.5;                        // smoothed by half an example, as for the pixels
            // One CD step then moves a bias by at most lr·|⟨v⟩_data − ⟨v⟩_model| ≤ 0.1.
            Close.Assert(Math.Log(p / (1 - p)), bias[j], atol: 0.1 + 1e-4, rtol: 0, what: $"visible bias {j} of layer 1");
        }
        Assert.True(bias.Max() - bias.Min() > 1, "the trained first layer's units should differ in how often they are on");
    }

        [Fact]
    public void SamplesAreInTheUnitIntervalReproducibleAndNearThePrototypes()
    {
        var train = Prototypes(512, seed: 1);
        var dbn = Make(train, layerSteps: 200);
        InMemoryTraining.Fit(dbn, train, steps: 400, seed: 5, batchSize: 32);
        var s = dbn.Sample(12, new Generator(8));
        Assert.Equal([12, 36], s.Shape);
        Assert.All(s.ToArray(), p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(s.ToArray(), dbn.Sample(12, new Generator(8)).ToArray());
        // Samples of the trained net lie much closer to one of the four prototypes than those of an untrained net.
        var prototypes = Tensor.Bernoulli(0.5f, [4, 36], new Generator(99)).ToArray();
        double Nearest(Tensor samples) => Enumerable.Range(0, samples.Shape[0]).Average(r => Enumerable.Range(0, 4)
            .Min(k => Enumerable.Range(0, 36).Sum(i => Math.Abs(samples.Data[r * 36 + i] - prototypes[k * 36 + i]))));
        double trained = Nearest(s), untrained = Nearest(Make(train, layerSteps: 200).Sample(12, new Generator(8)));
        Assert.True(trained < 0.5 * untrained, $"mean L1 distance to the nearest prototype: {trained:F2} trained, {untrained:F2} untrained");
    }

    [Fact]
    public void CheckpointRestoresTheLayerBeingTrained()
    {
        var train = Prototypes(64, seed: 1);
        var a = Make(train, layerSteps: 3);
        var batch = new Batch(train.Narrow(0, 0, 16), null, null, Enumerable.Range(0, 16).ToArray());
        for (int i = 0; i < 4; i++) a.TrainStep(batch);
        string dir = Path.Combine(Path.GetTempPath(), "latent-dbn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            TrainingCheckpoint.Save(Path.Combine(dir, "c"), a, new TrainingPosition(4, 0, 4, [1, 2, 3, 4]));
            var b = Make(train, layerSteps: 3, seed: 40);
            Assert.Equal(0, b.CurrentLayer);
            TrainingCheckpoint.Load(Path.Combine(dir, "c"), b);
            Assert.Equal(1, b.CurrentLayer);
            a.TrainStep(batch);
            b.TrainStep(batch);
            Assert.Equal(a.Layers[1].Weight.ToArray(), b.Layers[1].Weight.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BadOptionsGiveClearErrors()
    {
        var spec = ModelCatalog.Find("dbn")!;
        var e = Assert.Throws<ArgumentException>(() => spec.Create(new JsonObject { ["layers"] = "500,0" }));
        Assert.Contains("positive", e.Message);
        e = Assert.Throws<ArgumentException>(() => spec.Create(new JsonObject { ["layer-steps"] = -1 }));
        Assert.Contains("--layer-steps must be positive", e.Message);
        e = Assert.Throws<ArgumentException>(() => spec.Create(new JsonObject { ["threshold"] = 0.0 }));
        Assert.Contains("--threshold must lie in (0, 1)", e.Message);
    }

    [SkippableFact]
    public void CatalogEntryTrainsOnFashionMnist()
    {
        TestData.RequireFashionMnist();
        var setup = ModelCatalog.Find("dbn")!.Create(new JsonObject { ["train-size"] = 500, ["layers"] = "64,32", ["epochs"] = 2, ["sample-steps"] = 5 });
        var dbn = Assert.IsType<DeepBeliefNet>(setup.Model);
        Assert.Equal(5, dbn.LayerSteps);     // 2 epochs × 5 batches of 100, split between 2 layers
        var steps = InMemoryTraining.Fit(dbn, setup.Train, steps: 10);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], steps.Select(m => (int)m["layer"]).ToArray());
        Assert.Equal([3, 1, 28, 28], dbn.Sample(3, new Generator(1)).Shape);
    }
}
