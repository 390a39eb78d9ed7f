using System.Globalization;
using Latent.Data;
using Latent.Models.Hybrids;
using Latent.Models.Metrics;
using Latent.NN;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Hybrids;

public class Pix2PixTests
{
    [Fact]
    public void SobelEdgesMarkAStepAndNothingElse()
    {
        // Left half 0, right half 1: Gx = 1 + 2 + 1 = 4 on the two columns beside the step, 0 in flat regions.
        var values = new float[8 * 8];
        for (int r = 0; r < 8; r++)
            for (int c = 4; c < 8; c++) values[r * 8 + c] = 1f;
        var image = new Tensor(values, [1, 1, 8, 8]);
        var magnitude = PairedTasks.SobelMagnitude(image);
        Close.Assert(4, magnitude.Data[3 * 8 + 3], atol: 1e-6, what: "left of the step");
        Close.Assert(4, magnitude.Data[3 * 8 + 4], atol: 1e-6, what: "right of the step");
        Close.Assert(0, magnitude.Data[3 * 8 + 1], atol: 1e-6, what: "flat");
        var edges = PairedTasks.Input(TranslationTask.Edges, image);
        for (int r = 1; r < 7; r++)
            for (int c = 0; c < 8; c++)
                Assert.Equal(c is 3 or 4 ? 1f : 0f, edges.Data[r * 8 + c]);
    }

    [Fact]
    public void SilhouetteAndHoleInputsAreWhatTheySay()
    {
        var image = Tensor.Rand([2, 1, 28, 28], new Generator(1));
        var silhouette = PairedTasks.Input(TranslationTask.Silhouette, image);
        for (int i = 0; i < image.Size; i++) Assert.Equal(image.Data[i] > PairedTasks.SilhouetteThreshold ? 1f : 0f, silhouette.Data[i]);
        var holed = PairedTasks.Input(TranslationTask.Hole, image);
        int top = (28 - PairedTasks.HoleSize) / 2;
        for (int i = 0; i < image.Size; i++)
        {
            int r = i / 28 % 28, c = i % 28;
            bool inside = r >= top && r < top + PairedTasks.HoleSize && c >= top && c < top + PairedTasks.HoleSize;
            Assert.Equal(inside ? PairedTasks.HoleValue : image.Data[i], holed.Data[i]);
        }
    }

    [Fact]
    public void SsimIsOneForIdenticalImagesAndTheClosedFormForConstantOnes()
    {
        var x = Tensor.Rand([3, 1, 16, 16], new Generator(2));
        Close.Assert(1, Ssim.MeanPerImage(x, x), atol: 1e-9);
        // Constant planes: no variance, so SSIM = (2ab + C₁)/(a² + b² + C₁) with C₁ = 0.01².
        var a = Tensor.Full(0.2f, 1, 1, 16, 16);
        var b = Tensor.Full(0.6f, 1, 1, 16, 16);
        double c1 = 1e-4, expected = (2 * 0.2 * 0.6 + c1) / (0.04 + 0.36 + c1);
        Close.Assert(expected, Ssim.MeanPerImage(a, b), atol: 1e-6);
    }

    [SkippableFact]
    public void SsimAgreesWithScikitImage()
    {
        var x = Tensor.Rand([1, 1, 28, 28], new Generator(3));
        var y = (x * 0.7f + Tensor.Rand([1, 1, 28, 28], new Generator(4)) * 0.3f).Clamp(0f, 1f);
        using var dir = new TempDirectory();
        NpyFile.Write(dir.File("x.npy"), x.Reshape(28, 28));
        NpyFile.Write(dir.File("y.npy"), y.Reshape(28, 28));
        const string script = """
            import sys, numpy as np
            from skimage.metrics import structural_similarity
            x = np.load(sys.argv[1]).astype(np.float64); y = np.load(sys.argv[2]).astype(np.float64)
            print(repr(float(structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0))))
            """;
        var output = SystemPython.Run(script, ["numpy", "skimage.metrics"], dir.File("x.npy"), dir.File("y.npy"));
        Skip.If(output is null, "python3-skimage is not installed (apt-get install python3-skimage).");
        double reference = double.Parse(output!.Trim(), CultureInfo.InvariantCulture);
        Close.Assert(reference, Ssim.MeanPerImage(y, x), atol: 1e-6, rtol: 1e-5, what: "SSIM");
        Assert.InRange(reference, 0.3, 0.99);
    }

    [SkippableFact]
    public void TrainingOnEdgesBringsTranslationsCloserToTheItems()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var options = new Pix2PixOptions { Width = 8, EvalSize = 128, LearningRate = 1e-3, DiscriminatorLearningRate = 1e-3 };
        var rng = new Generator(2);
        var model = new Pix2Pix(new UNet(1, 1, new Generator(1), 8, 2, 0.5f, dropoutGen: rng), new PatchDiscriminator(1, 8, new Generator(1)), options, rng);
        var testLoader = new DataLoader(test.Take(128), 128, shuffle: false);
        var before = model.Evaluate(testLoader);
        Latent.Models.Common.InMemoryTraining.Fit(model, new DataLoader(train, 16, shuffle: true, generator: new Generator(5)), 80);
        var after = model.Evaluate(testLoader);
        Assert.True(after["psnr"] > before["psnr"] + 2, $"PSNR {before["psnr"]} → {after["psnr"]} dB");
        Assert.True(after["ssim"] > before["ssim"] + 0.05, $"SSIM {before["ssim"]} → {after["ssim"]}");
        model.SampleSource = test.ToTensor(0, 32);
        var samples = ((Latent.Models.Common.ISampler)model).Sample(6, new Generator(6));
        Assert.Equal([6, 1, 28, 28], samples.Shape);
        Assert.Equal(samples.ToArray(), ((Latent.Models.Common.ISampler)model).Sample(6, new Generator(6)).ToArray());
    }
}
