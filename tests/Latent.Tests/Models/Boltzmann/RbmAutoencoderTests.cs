using Latent.Data;
using Latent.Models.Boltzmann;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>The deep autoencoder as a catalog model: its phases, that fine-tuning lowers the held-out error, exact resume across the phases, and its errors.</summary>
public class RbmAutoencoderTests
{
    private static RbmAutoencoder Make(Tensor train, long layerSteps, long finalUpdate, ulong seed = 3)
        => new([36], new RbmAutoencoderOptions { Layers = [16, 8], Code = 3, LearningRate = 0.1, FineTuneLr = 0.01 }, train.Mean(0), train.Shape[0],
            layerSteps, finalUpdate, new Generator(seed), new Generator(seed + 1));

    private static Batch BatchOf(Tensor x) => new(x, null, null, Enumerable.Range(0, x.Shape[0]).ToArray());

    [Fact]
    public void PhasesRunInOrderAndFineTuningLowersTheHeldOutError()
    {
        var train = DbnTests.Prototypes(512, seed: 1);
        var testImages = DbnTests.Prototypes(256, seed: 2);
        var test = new DataLoader(testImages, batchSize: 128, shuffle: false);
        var model = Make(train, layerSteps: 100, finalUpdate: 700);
        double untrained = model.Evaluate(test)["mse"];
        var steps = InMemoryTraining.Fit(model, new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(5)), 300);
        Assert.Equal(Enumerable.Range(0, 300).Select(s => (double)(s / 100)), steps.Select(m => m["phase"]));
        double pretrained = model.Evaluate(test)["mse"];   // the stack unrolled, not fine-tuned
        steps = InMemoryTraining.Fit(model, new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(6)), 400);
        Assert.All(steps, m => Assert.Equal(model.FineTunePhase, m["phase"]));
        double fineTuned = model.Evaluate(test)["mse"];
        // The unrolled stack alone need not beat the untrained net (which outputs the pixel means): the paper's point is that it is a good start.
        Assert.True(fineTuned < 0.5 * untrained, $"the trained autoencoder should at least halve the untrained net's error: {untrained:F4} → {fineTuned:F4}");
        Assert.True(fineTuned < 0.5 * pretrained, $"fine-tuning should at least halve the error: {pretrained:F4} → {fineTuned:F4}");
        var codes = model.Encode(testImages.Narrow(0, 0, 10));
        Assert.Equal([10, 3], codes.Shape);
        var images = model.Decode(codes);
        Assert.Equal([10, 36], images.Shape);
        Assert.InRange(images.Min().Item(), 0f, 1f);
        Assert.InRange(images.Max().Item(), 0f, 1f);
    }

    [Fact]
    public void ResumesBitExactlyFromACheckpointAcrossTheStartOfFineTuning()
    {
        var x = DbnTests.Prototypes(200, seed: 4);
        var batches = Enumerable.Range(0, 25).Select(i => BatchOf(x.Narrow(0, 8 * i, 8))).ToArray();
        var a = Make(x, layerSteps: 5, finalUpdate: 25);
        foreach (var batch in batches[..13]) a.TrainStep(batch);          // inside the code layer's phase
        string dir = Path.Combine(Path.GetTempPath(), "latent-rbm-ae-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string stem = Path.Combine(dir, "ckpt");
            TrainingCheckpoint.Save(stem, a, new TrainingPosition(13, 0, 13, [1, 2, 3, 4]));
            foreach (var batch in batches[13..]) a.TrainStep(batch);
            var b = Make(x, layerSteps: 5, finalUpdate: 25, seed: 40);
            TrainingCheckpoint.Load(stem, b);
            Assert.Equal(13, b.Updates);
            foreach (var batch in batches[13..]) b.TrainStep(batch);
            foreach (var name in a.Modules.Keys)
                foreach (var (key, value) in a.Modules[name].StateDict())
                    Assert.Equal(value.ToArray(), b.Modules[name].StateDict()[key].ToArray());
            Assert.Equal(a.Encode(x).ToArray(), b.Encode(x).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ARunTooShortToFineTuneAndBadOptionsGiveClearErrors()
    {
        var x = DbnTests.Prototypes(16, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => Make(x, layerSteps: 10, finalUpdate: 30));
        Assert.Contains("before fine-tuning", e.Message);
        Assert.Contains("--layer-steps 10", e.Message);
        var spec = ModelCatalog.Find("rbm-autoencoder")!;
        Assert.Contains("--code must be positive", Assert.Throws<ArgumentException>(() => spec.Create(new System.Text.Json.Nodes.JsonObject { ["code"] = 0 })).Message);
        Assert.Contains("--pretrain-share", Assert.Throws<ArgumentException>(() => spec.Create(new System.Text.Json.Nodes.JsonObject { ["pretrain-share"] = 1.5 })).Message);
        var model = Make(x, layerSteps: 2, finalUpdate: 10);
        Assert.Throws<ArgumentException>(() => model.TrainStep(BatchOf(Tensor.Full(2f, 4, 36))));
    }
}
