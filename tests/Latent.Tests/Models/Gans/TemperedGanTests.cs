using Latent.Data;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class TemperedGanTests
{
    private static Batch Batch(Tensor x) => new(x, null, null, Enumerable.Range(0, x.Shape[0]).ToArray());

    [Fact]
    public void LensStrengthFallsLinearlyToZero()
    {
        Assert.Equal(1f, LensTrick.StrengthAt(0, 100));
        Assert.Equal(0.75f, LensTrick.StrengthAt(25, 100));
        Assert.Equal(0f, LensTrick.StrengthAt(100, 100));
        Assert.Equal(0f, LensTrick.StrengthAt(250, 100));
    }

    [Fact]
    public void LensStartsAsTheIdentityForImagesAndVectors()
    {
        var gen = new Generator(1);
        var images = Tensor.Rand([2, 1, 28, 28], gen, -1f, 1f);
        Assert.Equal(images.ToArray(), new LensNetwork([1, 28, 28], gen).Forward(images).ToArray());
        var points = Tensor.Randn([5, 2], gen);
        Assert.Equal(points.ToArray(), new LensNetwork([2], gen).Forward(points).ToArray());
        Assert.Throws<ArgumentException>(() => new LensNetwork([2, 3], gen));
    }

    [Fact]
    public void LensLearnsToDistortThenIsAnnealedAwayWhileTheGanLearns()
    {
        var gen = new Generator(2);
        var model = new GanModel(new MlpGenerator(4, [2], [32], gen), new MlpDiscriminator(2, [32], gen),
            new GanOptions { LearningRate = 2e-3, LensAnnealSteps = 200 }, new Generator(7));
        var lens = model.Tricks.OfType<LensTrick>().Single();
        Assert.Contains("lens", model.Modules.Keys);
        Assert.Contains("lens", model.Optimizers.Keys);
        var target = Tensor.FromArray([2f, -1f], 1, 2);
        var probe = Tensor.Randn([64, 2], new Generator(3), 0f, 0.3f) + target;
        double Distance() => (model.Sample(500, new Generator(9)).Mean(0) - target.Reshape(2)).Norm().Item();
        double before = Distance();
        double strongest = 0;
        for (int step = 1; step <= 400; step++)
        {
            var metrics = model.TrainStep(Batch(Tensor.Randn([64, 2], gen, 0f, 0.3f) + target));
            Assert.Equal(LensTrick.StrengthAt(step, 200), metrics["lens_strength"], 6);
            if (step == 50)
                using (Autograd.NoGrad()) strongest = (lens.Lens.Distort(probe, lens.Strength) - probe).Norm().Item();
        }
        Assert.True(strongest > 1e-3, $"the lens did not move: {strongest}");
        Assert.Equal(0f, lens.Strength);
        Assert.Same(probe, lens.RealsForDiscriminator(probe, null)); // annealed away: the discriminator sees the data
        double after = Distance();
        Assert.True(after < 0.35 * before && after < 0.5, $"mean distance {before:F3} → {after:F3}");
    }
}
