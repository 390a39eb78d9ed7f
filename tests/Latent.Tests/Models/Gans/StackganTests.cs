using Latent.Data;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class StackganTests
{
    [Fact]
    public void ConditioningAugmentationKlIsTheGaussianKlToTheStandardNormal()
    {
        float[] mean = [0.5f, -1f, 0f, 2f], logVar = [0f, 0.7f, -1.2f, 0.3f];
        double expected = 0;
        for (int i = 0; i < 4; i++) expected += 0.5 * (mean[i] * mean[i] + Math.Exp(logVar[i]) - logVar[i] - 1) / 2; // two examples
        Close.Assert(expected, ConditioningAugmentation.Kl(Tensor.FromArray(mean, 2, 2), Tensor.FromArray(logVar, 2, 2)).Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void SampledConditionsSpreadAroundTheMeanAndTheKlMatchesTheirGaussian()
    {
        var ca = new ConditioningAugmentation(3, 4, 5, new Generator(1));
        int[] labels = [0, 2, 2];
        var (condition, mean, kl) = ca.Sample(labels, null);
        Assert.Equal(mean.ToArray(), condition.ToArray());
        var (m, lv) = ca.Gaussian(labels);
        Close.Assert(ConditioningAugmentation.Kl(m, lv).Item(), kl.Item(), atol: 1e-6, rtol: 1e-6);
        var noisy = ca.Sample(labels, new Generator(2)).Condition;
        Assert.NotEqual(mean.ToArray(), noisy.ToArray());
        Assert.Equal(mean.ToArray()[5..10], mean.ToArray()[10..15]); // one Gaussian per class
    }

    [Fact]
    public void MatchingAwareLossWeighsBothKindsOfFakeByHalf()
    {
        static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        var loss = StackganModel.MatchingAwareLoss(Tensor.FromArray([2f, -1f], 2), Tensor.FromArray([0.5f, 1f], 2), Tensor.FromArray([-2f, 3f], 2));
        double expected = (Softplus(-2) + Softplus(1)) / 2 + 0.5 * ((Softplus(0.5) + Softplus(1)) / 2 + (Softplus(-2) + Softplus(3)) / 2);
        Close.Assert(expected, loss.Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void BothStagesMoveTheirSamplesTowardsTheData()
    {
        var gen = new Generator(3);
        var model = new StackganModel(new StackganOptions { LatentDim = 8, EmbeddingDim = 4, ConditionDim = 4, LearningRate = 2e-3 }, 2, 1, new Generator(4), new Generator(5));
        // The data: a bright square on a dark background; the error of each stage's mean sample against it should fall.
        var square = new float[28 * 28];
        for (int r = 8; r < 20; r++)
            for (int c = 8; c < 20; c++) square[r * 28 + c] = 1.6f;
        var pattern = Tensor.FromArray(square, 1, 1, 28, 28) - 0.8f;
        var pattern14 = LaplacianPyramid.Down(pattern);
        (double, double) Errors()
        {
            var (one, two) = model.Generate(Tensor.Randn([8, 8], new Generator(6)), [0, 1, 0, 1, 0, 1, 0, 1], new Generator(7));
            return ((one.Mean(0) - pattern14.Reshape(1, 14, 14)).Square().Mean().Item(), (two.Mean(0) - pattern.Reshape(1, 28, 28)).Square().Mean().Item());
        }
        var (before1, before2) = Errors();
        for (int step = 0; step < 30; step++)
        {
            var labels = Enumerable.Range(0, 8).Select(_ => gen.NextInt(2)).ToArray();
            var real = (pattern + Tensor.Randn([8, 1, 28, 28], gen, 0f, 0.05f)).Clamp(-1f, 1f);
            var metrics = model.TrainStep(new Batch(real, labels, null, Enumerable.Range(0, 8).ToArray()));
            Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
        }
        var (after1, after2) = Errors();
        Assert.True(after1 < 0.5 * before1 && after2 < 0.5 * before2, $"stage I {before1:F4} → {after1:F4}, stage II {before2:F4} → {after2:F4}");
        Assert.Equal([2, 1, 28, 28], model.Sample([0, 1], new Generator(8)).Shape);
    }
}
