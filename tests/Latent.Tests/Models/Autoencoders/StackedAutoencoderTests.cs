using Latent.Models.Common;
using Latent.Data;
using Latent.Models.Autoencoders;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoencoders;

public class StackedAutoencoderTests
{
    [SkippableFact]
    public void GreedyLayersThenFineTuningEachReduceTheirLoss()
    {
        var data = TestData.RequireFashionMnist();
        var model = new StackedAutoencoder([1, 28, 28], [128, 32], stepsPerLayer: 30, learningRate: 3e-3, new Generator(1), new Generator(2));
        var loader = new DataLoader(data.Train.ToTensor(0, 1024), batchSize: 64, generator: new Generator(3));
        var byPhase = new Dictionary<int, List<double>>();
        while (byPhase.GetValueOrDefault(2)?.Count is not >= 30)
            foreach (var batch in loader)
            {
                var m = model.TrainStep(batch);
                int phase = (int)m["phase"];
                if (!byPhase.TryGetValue(phase, out var list)) byPhase[phase] = list = [];
                list.Add(m["loss"]);
                if (phase == 2 && list.Count >= 30) break;
            }
        Assert.Equal([0, 1, 2], byPhase.Keys.Order());
        foreach (var (phase, losses) in byPhase)
            Assert.True(losses.TakeLast(5).Average() < losses.Take(5).Average(), $"phase {phase}: {losses[0]:F1} → {losses[^1]:F1}");
        Assert.Equal(2, model.Phase);
        Assert.Equal([4, 1, 28, 28], model.Reconstruct(data.Test.ToTensor(0, 4)).Shape);
        var labels = data.Train.Labels[..200].ToArray();
        var comparison = model.CompareClassifiers(data.Train.ToTensor(0, 200), labels, data.Test.ToTensor(0, 300), data.Test.Labels[..300].ToArray(),
            10, 40, 3e-3, new Generator(4));
        Assert.InRange(comparison.PretrainedAccuracy, 0.3, 1.0);
        Assert.InRange(comparison.RandomInitAccuracy, 0.0, 1.0);
    }

    [Fact]
    public void OutlierDetectionFlagsAClassTheModelNeverSaw()
    {
        // Inliers near a 2-D subspace of ℝ¹⁰, outliers off it: a 2-unit linear AE trained on inliers flags the outliers.
        var (inliers, _) = TestData.LowRank(400, 10, [2, 1], 0.05, seed: 1);
        var (others, _) = TestData.LowRank(100, 10, [2, 1], 0.05, seed: 2);    // a different random plane
        var x = Tensor.Concat([inliers, others], 0);
        int[] labels = [.. Enumerable.Repeat(0, 400), .. Enumerable.Repeat(1, 100)];
        var train = OutlierDetection.WithoutClass(x, labels, excludedClass: 1);
        Assert.Equal([400, 10], train.Shape);
        var (e, d) = AutoencoderNetworks.Linear([10], 2, new Generator(3));
        var model = new Autoencoder(e, d, 2, new AutoencoderOptions { Loss = ReconstructionLoss.SquaredError, LearningRate = 1e-2 }, new Generator(4));
        AutoencoderTests.Train(model, train, 300, batch: 100);
        double auc = OutlierDetection.RocAucOfClass(model, x, labels, outlierClass: 1);
        Assert.True(auc > 0.95, $"ROC AUC {auc:F3}");
    }
}
