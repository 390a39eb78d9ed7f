using Latent.Data;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class LapganTests
{
    [Fact]
    public void PyramidReconstructsTheImageExactly()
    {
        var x = Tensor.Rand([3, 1, 28, 28], new Generator(1), -1f, 1f);
        var (coarse, residuals) = LaplacianPyramid.Build(x, 2);
        Assert.Equal([3, 1, 7, 7], coarse.Shape);
        Assert.Equal([3, 1, 28, 28], residuals[0].Shape);
        Assert.Equal([3, 1, 14, 14], residuals[1].Shape);
        var back = LaplacianPyramid.Reconstruct(coarse, residuals).ToArray();
        var original = x.ToArray();
        for (int i = 0; i < original.Length; i++) Assert.True(Math.Abs(original[i] - back[i]) <= 1e-6f, $"pixel {i}: {original[i]} vs {back[i]}");
        // The coarsest level is the 4×4 block mean of the image.
        Close.Assert(original.Take(4).Concat(original.Skip(28).Take(4)).Concat(original.Skip(56).Take(4)).Concat(original.Skip(84).Take(4)).Average(),
            coarse.ToArray()[0], atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void SmoothImagesHaveNoBandPassEnergy()
    {
        var (coarse, residuals) = LaplacianPyramid.Build(Tensor.Full(0.3f, 2, 1, 28, 28), 2);
        Assert.All(residuals.SelectMany(r => r.ToArray()), v => Assert.True(Math.Abs(v) < 1e-6f));
        Assert.All(coarse.ToArray(), v => Assert.Equal(0.3f, v, 6));
        Assert.Throws<ArgumentException>(() => LaplacianPyramid.Build(Tensor.Zeros(1, 1, 10, 10), 2));
    }

    [Fact]
    public void LevelsTrainTowardsTheDataAndSampleCoarseToFine()
    {
        var gen = new Generator(2);
        // Data: a bright square on a dark background, with a little noise.
        var square = new float[28 * 28];
        for (int r = 8; r < 20; r++)
            for (int c = 8; c < 20; c++) square[r * 28 + c] = 1.6f;
        var pattern = Tensor.FromArray(square, 1, 1, 28, 28) - 0.8f;
        var model = new LapganModel(new LapganOptions { LatentDim = 8, CoarseHidden = 32, Width = 8, LearningRate = 2e-3 }, 1, new Generator(3), new Generator(4));
        double Error() => (model.Sample(32, new Generator(5)).Mean(0) * 2f - 1f - pattern.Reshape(1, 28, 28)).Square().Mean().Item();
        double before = Error();
        for (int step = 0; step < 25; step++)
        {
            var real = (pattern + Tensor.Randn([8, 1, 28, 28], gen, 0f, 0.05f)).Clamp(-1f, 1f);
            var metrics = model.TrainStep(new Batch(real, null, null, Enumerable.Range(0, 8).ToArray()));
            Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
            Assert.Contains("d_14", metrics.Keys);
        }
        double after = Error();
        Assert.True(after < 0.5 * before, $"squared error of the sample mean {before:F4} → {after:F4}");
        var levels = model.Levels(Tensor.Randn([2, 8], gen), gen);
        Assert.Equal([[2, 1, 7, 7], [2, 1, 14, 14], [2, 1, 28, 28]], levels.Select(l => l.Shape));
    }
}
