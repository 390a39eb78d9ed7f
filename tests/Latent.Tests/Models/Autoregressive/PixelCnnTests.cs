using Latent.Data;
using Latent.Models.Autoregressive;
using Latent.Models.Common;
using Latent.Models.Autoregressive.Studies;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoregressive;

public class PixelCnnTests
{
    /// <summary>
    /// ∂(output at pixel i, summed over channels) / ∂(input at pixel j) for every pair (i, j) in raster order, by
    /// autograd, for a module on [1, channels, size, size] inputs; [i, j] holds the sum of |gradient| over input channels.
    /// </summary>
    internal static double[,] Dependence(Func<Tensor, Tensor> forward, int channels, int size, ulong seed)
    {
        int pixels = size * size;
        var result = new double[pixels, pixels];
        var x = Tensor.Rand([1, channels, size, size], new Generator(seed)).RequireGrad();
        var y = forward(x);
        int outChannels = y.Shape[1];
        for (int i = 0; i < pixels; i++)
        {
            var pick = Tensor.Zeros(y.Shape);
            for (int o = 0; o < outChannels; o++) pick.Data[o * pixels + i] = 1f;
            var g = Autograd.Grad(y, x, pick, retainGraph: true);
            for (int j = 0; j < pixels; j++)
                for (int ch = 0; ch < channels; ch++) result[i, j] += Math.Abs(g.Data[ch * pixels + j]);
        }
        return result;
    }

    [Theory]
    [InlineData(MaskType.A, 3)]
    [InlineData(MaskType.B, 3)]
    [InlineData(MaskType.A, 5)]
    [InlineData(MaskType.B, 7)]
    public void MaskedConvolutionIsCausalInRasterOrder(MaskType type, int kernel)
    {
        var conv = new MaskedConv2d(type, 2, 3, kernel, new Generator(11));
        int size = 6, pixels = size * size, c = kernel / 2;
        var d = Dependence(conv.Forward, 2, size, 12);
        for (int i = 0; i < pixels; i++)
            for (int j = 0; j < pixels; j++)
            {
                bool future = type == MaskType.A ? j >= i : j > i;
                (int ri, int ci, int rj, int cj) = (i / size, i % size, j / size, j % size);
                bool inKernel = Math.Abs(ri - rj) <= c && Math.Abs(ci - cj) <= c;
                if (future) Assert.True(d[i, j] == 0, $"type {type}: output pixel {i} depends on input pixel {j} (gradient {d[i, j]})");
                else if (inKernel) Assert.True(d[i, j] > 0, $"type {type}: output pixel {i} does not see earlier pixel {j} in its kernel");
                else Assert.True(d[i, j] == 0, $"pixel {i} sees {j}, outside its kernel");
            }
    }

    [Fact]
    public void MasksKeepTheRowsAboveAndTheLeftOfTheCentre()
    {
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0, 0], MaskedConv2d.Mask(MaskType.A, 3).ToArray());
        Assert.Equal([1, 1, 1, 1, 1, 0, 0, 0, 0], MaskedConv2d.Mask(MaskType.B, 3).ToArray());
        Assert.Throws<ArgumentException>(() => MaskedConv2d.Mask(MaskType.A, 4));
    }

    [Fact]
    public void MaskedTapsGetNoGradient()
    {
        var conv = new MaskedConv2d(MaskType.A, 1, 2, 3, new Generator(3));
        conv.Forward(Tensor.Rand([2, 1, 5, 5], new Generator(4))).Square().Sum().Backward();
        var g = conv.Conv.Weight.Grad!;
        var mask = MaskedConv2d.Mask(MaskType.A, 3).Data;
        for (int o = 0; o < 2; o++)
            for (int t = 0; t < 9; t++)
                Assert.True(mask[t] == 0 ? g.Data[o * 9 + t] == 0 : g.Data[o * 9 + t] != 0, $"tap {t} of output {o}: gradient {g.Data[o * 9 + t]}");
    }

    private static PixelCnnOptions Small(int levels = 256, bool residual = true, int head = 8)
        => new() { Channels = 6, Layers = 2, FirstKernel = 5, Kernel = 3, Residual = residual, HeadHidden = head, Levels = levels };

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 8)]
    public void TheWholeNetworkIsCausal(bool residual, int head)
    {
        var net = new PixelCnnNetwork(Small(levels: 4, residual: residual, head: head), new Generator(5));
        int size = 7, pixels = size * size;
        var d = Dependence(net.Forward, 1, size, 6);
        for (int i = 0; i < pixels; i++)
        {
            for (int j = i; j < pixels; j++) Assert.True(d[i, j] == 0, $"logits of pixel {i} depend on pixel {j}");
            if (i % size > 0) Assert.True(d[i, i - 1] > 0, $"logits of pixel {i} do not see the pixel to its left");
            if (i >= size) Assert.True(d[i, i - size] > 0, $"logits of pixel {i} do not see the pixel above it");
        }
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 8)]
    public void LogitsOfOnePixelEqualTheFullForwardPass(bool residual, int head)
    {
        var net = new PixelCnnNetwork(Small(levels: 5, residual: residual, head: head), new Generator(7));
        var x = Tensor.Rand([3, 1, 9, 11], new Generator(8));
        var full = net.Forward(x);
        for (int r = 0; r < 9; r++)
            for (int c = 0; c < 11; c++)
            {
                var one = net.LogitsAt(x, r, c);
                for (int n = 0; n < 3; n++)
                    for (int l = 0; l < 5; l++)
                        Close.Assert(full.Data[((n * 5 + l) * 9 + r) * 11 + c], one.Data[n * 5 + l], atol: 1e-5, rtol: 1e-4, what: $"logit {l} at ({r}, {c}) of image {n}");
            }
    }

    /// <summary>Every image of <paramref name="size"/>×<paramref name="size"/> pixels with <paramref name="levels"/> levels, [levels^(size²), 1, size, size].</summary>
    internal static Tensor AllImages(int levels, int size)
    {
        int pixels = size * size, count = (int)Math.Pow(levels, pixels);
        var values = new float[count * pixels];
        for (int k = 0; k < count; k++)
            for (int p = 0, rest = k; p < pixels; p++, rest /= levels) values[k * pixels + p] = (rest % levels) / (float)(levels - 1);
        return Tensor.FromArray(values, count, 1, size, size);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(2, 3)]
    public void LikelihoodSumsToOneOverEveryImage(int levels, int size)
    {
        var options = Small(levels: levels);
        var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(9)), options, [1, size, size], new Generator(10));
        var images = AllImages(levels, size);
        // A few training steps so that the conditionals are far from uniform.
        var batch = new Batch(images.Narrow(0, 0, Math.Min(8, images.Shape[0])), null, null, [.. Enumerable.Range(0, Math.Min(8, images.Shape[0]))]);
        for (int s = 0; s < 30; s++) model.TrainStep(batch);
        var logP = model.LogLikelihood(images, new Generator(0));
        double total = logP.ToArray().Sum(v => Math.Exp(v));
        Close.Assert(1, total, atol: 1e-5, rtol: 0, what: $"Σ p(x) over {images.Shape[0]} images");
        double spread = logP.ToArray().Max() - logP.ToArray().Min();
        Assert.True(spread > 1, $"the trained model should not be near uniform (log p spread {spread})");
    }

    [Fact]
    public void SamplesFollowTheLikelihood()
    {
        var options = Small(levels: 2);
        var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(13)), options, [1, 2, 2], new Generator(14));
        var images = AllImages(2, 2);
        var batch = new Batch(images.Narrow(0, 0, 4), null, null, [0, 1, 2, 3]);
        for (int s = 0; s < 20; s++) model.TrainStep(batch);
        var p = model.LogLikelihood(images, new Generator(0)).ToArray().Select(v => Math.Exp(v)).ToArray();
        int draws = 20_000;
        var samples = model.Sample(draws, new Generator(15));
        var counts = new int[16];
        for (int i = 0; i < draws; i++)
        {
            int k = 0;
            for (int q = 0; q < 4; q++) k += (int)samples.Data[i * 4 + q] << q;
            counts[k]++;
        }
        for (int k = 0; k < 16; k++)
        {
            double sd = Math.Sqrt(p[k] * (1 - p[k]) / draws);
            Close.Assert(p[k], counts[k] / (double)draws, atol: 5 * sd + 1e-4, rtol: 0, what: $"frequency of image {k}");
        }
    }

    [Fact]
    public void CompletionKeepsTheVisibleRowsAndFillsTheRestWithLevels()
    {
        var options = Small(levels: 4);
        var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(16)), options, [1, 6, 6], new Generator(17));
        var images = Tensor.Rand([3, 1, 6, 6], new Generator(18));
        var done = model.Complete(images, 3, new Generator(19));
        var quantized = model.LevelsOf(images) * (1f / 3);
        for (int i = 0; i < 3; i++)
            for (int p = 0; p < 36; p++)
            {
                float v = done.Data[i * 36 + p];
                if (p < 18) Assert.Equal(quantized.Data[i * 36 + p], v);
                Assert.Contains(v, new[] { 0f, 1f / 3, 2f / 3, 1f });
            }
        Assert.Throws<ArgumentException>(() => model.LevelsOf(Tensor.Full(float.NaN, 1, 1, 6, 6)));
    }

    [SkippableFact]
    public void ShortTrainingLowersTheTestNll()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var options = new PixelCnnOptions { Channels = 16, Layers = 2 };
        var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(21)), options, [1, 28, 28], new Generator(22));
        var testLoader = new DataLoader(test.Take(128), batchSize: 64, shuffle: false);
        var before = model.Evaluate(testLoader);
        Close.Assert(Math.Log(256) / Math.Log(2), before["bits_per_dim"], atol: 0.5, rtol: 0, what: "untrained bits/dim (near uniform over 256 levels)");
        var loader = new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(23));
        InMemoryTraining.Fit(model, loader, 60);
        var after = model.Evaluate(testLoader);
        Assert.True(after["bits_per_dim"] < before["bits_per_dim"] - 1.5, $"bits/dim {before["bits_per_dim"]:F3} → {after["bits_per_dim"]:F3}");
        Close.Assert(after["nll"] / 784 / Math.Log(2), after["bits_per_dim"], atol: 1e-9, what: "nats per image ↔ bits per dim");
    }

    [SkippableFact]
    public void CompletionStudyReportsEveryEstimate()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var options = new PixelCnnOptions { Channels = 8, Layers = 1 };
        var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(24)), options, [1, 28, 28], new Generator(25));
        var trainImages = train.ToTensor(0, 256);
        InMemoryTraining.Fit(model, trainImages, 20, 26, 32);
        var result = CompletionStudy.Evaluate(model, trainImages, test.ToTensor(0, 4), 2, new Generator(27), null);
        var psnr = result["psnr_lower_half_db"]!.AsObject();
        Assert.Equal(4, psnr.Count);
        Assert.All(psnr, kv => Assert.True(double.IsFinite(kv.Value!.GetValue<double>()) && kv.Value.GetValue<double>() > 0, kv.Key));
    }
}
