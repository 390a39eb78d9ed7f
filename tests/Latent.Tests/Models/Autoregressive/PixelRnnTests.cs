using Latent.Data;
using Latent.Models.Autoregressive;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoregressive;

public class PixelRnnTests
{
    private static PixelRnnOptions Small(int levels = 4, PixelOutput output = PixelOutput.Softmax)
        => new() { Channels = 4, Layers = 2, FirstKernel = 3, Kernel = 3, HeadHidden = 8, Levels = levels, Output = output, Mixtures = 2 };

    [Fact]
    public void TheRowLstmIsCausalAndSeesTheRowsAboveAndThePixelsToTheLeft()
    {
        var net = new PixelRnnNetwork(Small(), new Generator(71));
        int size = 6, pixels = size * size;
        var d = PixelCnnTests.Dependence(net.Forward, 1, size, 72);
        for (int i = 0; i < pixels; i++)
        {
            for (int j = i; j < pixels; j++) Assert.True(d[i, j] == 0, $"the output at pixel {i} depends on pixel {j}");
            if (i % size > 0) Assert.True(d[i, i - 1] > 0, $"pixel {i} does not see its left neighbour");
            // The recurrence over rows reaches every earlier row: the pixel straight above, however far.
            for (int above = i - size; above >= 0; above -= size) Assert.True(d[i, above] > 0, $"pixel {i} does not see pixel {above} above it");
        }
    }

    [Theory]
    [InlineData(PixelOutput.Softmax)]
    [InlineData(PixelOutput.LogisticMixture)]
    public void OnePixelAtATimeEqualsTheFullForwardPass(PixelOutput output)
    {
        var net = new PixelRnnNetwork(Small(levels: 5, output: output), new Generator(73));
        var x = Tensor.Rand([2, 1, 7, 6], new Generator(74));
        var full = net.Forward(x, null);
        var stepper = net.Start(x, null);
        int outputs = net.Outputs;
        for (int r = 0; r < 7; r++)
            for (int c = 0; c < 6; c++)
            {
                var one = stepper.At(r, c);
                for (int n = 0; n < 2; n++)
                    for (int o = 0; o < outputs; o++)
                        Close.Assert(full.Data[((n * outputs + o) * 7 + r) * 6 + c], one.Data[n * outputs + o], atol: 1e-5, rtol: 1e-4, what: $"output {o} at ({r}, {c}) of image {n}");
            }
    }

    [Fact]
    public void LikelihoodSumsToOneOverEveryImageAndTrainingSharpensIt()
    {
        var options = Small(levels: 3);
        var model = new PixelRnn(new PixelRnnNetwork(options, new Generator(75)), options, [1, 2, 2], new Generator(76));
        var images = PixelCnnTests.AllImages(3, 2);
        var batch = new Batch(images.Narrow(0, 0, 8), null, null, [.. Enumerable.Range(0, 8)]);
        double before = model.LogLikelihood(batch.Inputs, new Generator(0)).ToArray().Average();
        for (int s = 0; s < 30; s++) model.TrainStep(batch);
        double after = model.LogLikelihood(batch.Inputs, new Generator(0)).ToArray().Average();
        Assert.True(after > before + 0.2, $"log p of the training images {before:F3} → {after:F3}");
        var logP = model.LogLikelihood(images, new Generator(0)).ToArray();
        Close.Assert(1, logP.Sum(v => Math.Exp(v)), atol: 1e-5, rtol: 0, what: $"Σ p(x) over {images.Shape[0]} images");
        Assert.True(logP.Max() - logP.Min() > 1, $"the trained model should not be near uniform (spread {logP.Max() - logP.Min()})");
        var samples = model.Sample(5, new Generator(77));
        Assert.All(samples.ToArray(), v => Assert.Contains(v, new[] { 0f, 0.5f, 1f }));
    }
}
