using Latent.Models.Vae.Studies;
using Latent.Models.Metrics;
using Latent.Models.Common;
using Latent.Data;
using Latent.Models.Vae;
using Latent.NN;
using Latent.Tensors;
using Latent.Tests.Models.Autoencoders;

namespace Latent.Tests.Models.Vae;

public class VaeTests
{
    [Fact]
    public void AnalyticKlMatchesMonteCarlo()
    {
        var mean = Tensor.FromArray([0.7f, -1.2f, 0.1f], 1, 3);
        var logVar = Tensor.FromArray([-0.5f, 0.8f, -2f], 1, 3);
        double analytic = GaussianMath.KlToStandardNormal(mean, logVar).Item();
        // E_q[log q(z) − log p(z)] with 200,000 draws.
        var gen = new Generator(7);
        int n = 200_000;
        double sum = 0;
        var m = mean.Expand(n, 3);
        var lv = logVar.Expand(n, 3);
        var (z, eps) = GaussianMath.Reparameterize(m, lv, gen);
        var diff = GaussianMath.LogDiagonalNormal(eps, lv) - GaussianMath.LogStandardNormal(z);
        foreach (float v in diff.Data) sum += v;
        Close.Assert(analytic, sum / n, atol: 0.02, what: "KL");
        Close.Assert(analytic, Losses.KlDivergenceStandardNormal(mean, logVar, Reduction.Sum).Item(), atol: 1e-5, what: "NN loss");
    }

    [Fact]
    public void ReparameterizationPassesGradientsToMeanAndLogVariance()
    {
        var mean = Tensor.FromArray([0.5f, -0.5f], 1, 2).RequireGrad();
        var logVar = Tensor.FromArray([0.2f, -1f], 1, 2).RequireGrad();
        var (z, eps) = GaussianMath.Reparameterize(mean, logVar, new Generator(3));
        z.Sum().Backward();
        Assert.All(mean.Grad!.ToArray(), g => Close.Assert(1, g, atol: 1e-6));
        for (int j = 0; j < 2; j++)
            Close.Assert(0.5 * Math.Exp(0.5 * logVar.Data[j]) * eps.Data[j], logVar.Grad!.Data[j], atol: 1e-6, what: "∂z/∂logσ²");
        // Through a whole model: every encoder parameter gets a non-zero gradient from the ELBO.
        var (encoder, decoder) = VaeNetworks.Mlp([6], [5], 2, new Generator(1));
        var vae = new VariationalAutoencoder(encoder, decoder, new VaeOptions(), new Generator(2));
        vae.Elbo(Tensor.Rand([4, 6], new Generator(5))).Loss.Backward();
        foreach (var (name, p) in encoder.NamedParameters())
            Assert.True(p.Grad != null && p.Grad.ToArray().Any(g => g != 0), $"no gradient reaches {name}");
    }

    /// <summary>
    /// A 1-D linear Gaussian VAE where everything is known: p(z) = N(0, 1), p(x | z) = N(a·z + b, σ²), so
    /// p(x) = N(b, a² + σ²) and the exact posterior is N(a(x − b)/(a² + σ²), σ²/(a² + σ²)).
    /// </summary>
    private static VariationalAutoencoder LinearGaussian(double a, double b, double sigma, double meanScale, double meanShift, double logVar)
    {
        var gen = new Generator(1);
        var encoder = new GaussianEncoder(new Identity(), 1, 1, gen);
        var decoder = new Linear(1, 1, gen);
        encoder.MeanHead.Weight.Data[0] = (float)meanScale;
        encoder.MeanHead.Bias!.Data[0] = (float)meanShift;
        encoder.LogVarHead.Weight.Data[0] = 0;
        encoder.LogVarHead.Bias!.Data[0] = (float)logVar;
        decoder.Weight.Data[0] = (float)a;
        decoder.Bias!.Data[0] = (float)b;
        return new VariationalAutoencoder(encoder, decoder, new VaeOptions { Decoder = DecoderDistribution.Gaussian, DecoderStd = (float)sigma }, new Generator(2));
    }

    [Fact]
    public void ElboAndIwaeBoundsOnALinearGaussianModel()
    {
        double a = 1.5, b = 0.3, sigma = 0.8, s2 = a * a + sigma * sigma;
        var x = Tensor.FromArray([1.2f, -0.4f, 2.5f], 3, 1);
        var logPx = x.ToArray().Select(v => -0.5 * (Math.Log(2 * Math.PI * s2) + (v - b) * (v - b) / s2)).ToArray();

        // With the exact posterior every importance weight equals p(x), so IWAE_K = log p(x) for any draw, and the
        // ELBO (one sample, analytic KL) equals log p(x) in expectation.
        var exact = LinearGaussian(a, b, sigma, a / s2, -a * b / s2, Math.Log(sigma * sigma / s2));
        for (int i = 0; i < 3; i++)
        {
            var elbo = exact.Elbo(Tensor.Full(x.Data[i], 50_000, 1), new Generator(3));
            Close.Assert(-logPx[i], elbo.NegativeElbo, atol: 0.01, what: "−ELBO with the exact posterior");
        }
        var iw = ImportanceWeightedBound.PerExample(exact, x, 5, new Generator(4));
        for (int i = 0; i < 3; i++) Close.Assert(logPx[i], iw[i], atol: 1e-4, what: "IWAE with the exact posterior");

        // With a poor posterior the bound is below log p(x) and tightens as K grows (averaged over repeats).
        var poor = LinearGaussian(a, b, sigma, 0.2, 0.5, Math.Log(1.5));
        var xs = x.Repeat(400, 1);   // 1,200 rows: the mean over repeats estimates E[L_K]
        double Bound(int k) => ImportanceWeightedBound.Mean(poor, xs, k, new Generator((ulong)k));
        double truth = logPx.Average();
        double l1 = Bound(1), l10 = Bound(10), l1000 = Bound(1000);
        Assert.True(l1 < l10 && l10 < l1000, $"L1 {l1:F4}, L10 {l10:F4}, L1000 {l1000:F4}");
        Assert.True(l1000 <= truth + 0.01, $"L1000 {l1000:F4} exceeds log p(x) {truth:F4}");
        Assert.True(truth - l1000 < 0.05, $"L1000 {l1000:F4} should approach log p(x) {truth:F4}");
        Assert.True(truth - l1 > 0.3, "the single-sample ELBO of a poor posterior is loose");
    }

    [Fact]
    public void LogMeanExpIsStable()
    {
        Close.Assert(1000 + Math.Log(1.5), GaussianMath.LogMeanExp([1000, 1000 + Math.Log(2)]), atol: 1e-9);
        Close.Assert(-1000 + Math.Log((1 + Math.Exp(-1)) / 2), GaussianMath.LogMeanExp([-1000, -1001]), atol: 1e-9);
        Assert.Equal(double.NegativeInfinity, GaussianMath.LogMeanExp([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Throws<ArgumentException>(() => GaussianMath.LogMeanExp([]));
    }

    [Fact]
    public void GaussianDecoderLogLikelihoodFollowsTheDensity()
    {
        var vae = LinearGaussian(1, 0, 0.5, 1, 0, 0);
        var mu = Tensor.FromArray([0.1f, 0.2f, 0.3f, 0.4f], 2, 2);
        var x = Tensor.FromArray([0f, 0.5f, 0.3f, -0.1f], 2, 2);
        var ll = vae.LogLikelihood(mu, x).ToArray();
        static double LogN(double v, double m) => -0.5 * Math.Log(2 * Math.PI * 0.25) - (v - m) * (v - m) / (2 * 0.25);
        Close.Assert(LogN(0, 0.1) + LogN(0.5, 0.2), ll[0], atol: 1e-5);
        Close.Assert(LogN(0.3, 0.3) + LogN(-0.1, 0.4), ll[1], atol: 1e-5);
    }

    [Fact]
    public void W1HasThePyTorchExampleArchitecture()
    {
        var (encoder, decoder) = VaeNetworks.W1(new Generator(1));
        long expected = (784 * 400 + 400) + 2 * (400 * 20 + 20) + (20 * 400 + 400) + (400 * 784 + 784);
        Assert.Equal(expected, encoder.ParameterCount + decoder.ParameterCount);
        var vae = new VariationalAutoencoder(encoder, decoder, new VaeOptions(), new Generator(2));
        Assert.Equal([3, 20], vae.Encode(Tensor.Zeros(3, 1, 28, 28)).Shape);
        Assert.Equal([3, 1, 28, 28], vae.Sample(3, new Generator(3)).Shape);
    }

    [SkippableFact]
    public void MlpVaeTrainingReducesTheNegativeElbo()
    {
        var data = TestData.RequireFashionMnist();
        var (encoder, decoder) = VaeNetworks.W1(new Generator(1));
        var vae = new VariationalAutoencoder(encoder, decoder, new VaeOptions(), new Generator(2));
        var test = new DataLoader(data.Test.ToTensor(0, 256), batchSize: 256, shuffle: false);
        double before = vae.Evaluate(test)["nelbo"];
        var (first, last) = AutoencoderTests.Train(vae, data.Train.ToTensor(0, 1024), 60, batch: 128);
        double after = vae.Evaluate(test)["nelbo"];
        Assert.True(last < 0.6 * first, $"training loss {first:F1} → {last:F1}");
        Assert.True(after < 0.6 * before, $"test NELBO {before:F1} → {after:F1}");
    }

    [SkippableFact]
    public void ConvolutionalVaeTrainsAndWritesItsGrids()
    {
        var data = TestData.RequireFashionMnist();
        var (encoder, decoder) = VaeNetworks.Conv([1, 28, 28], 8, new Generator(1));
        var vae = new VariationalAutoencoder(encoder, decoder, new VaeOptions { LearningRate = 2e-3 }, new Generator(2));
        var (first, last) = AutoencoderTests.Train(vae, data.Train.ToTensor(0, 512), 30, batch: 32, window: 3);
        Assert.True(last < 0.8 * first, $"conv VAE loss {first:F1} → {last:F1}");
        var dir = Directory.CreateTempSubdirectory("latent-vae");
        try
        {
            vae.Preview = data.Test.ToTensor(0, 16);
            vae.WriteSamples(dir.FullName, "s_");
            foreach (var name in new[] { "samples", "reconstructions", "interpolation", "traversal" })
                Assert.True(File.Exists(Path.Combine(dir.FullName, $"s_{name}.png")), name);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [SkippableFact]
    public void TheThreeLatentPicturesAreWritten()
    {
        var data = TestData.RequireFashionMnist();
        var dir = Directory.CreateTempSubdirectory("latent-study");
        try
        {
            var results = LatentObjectivesStudy.TrainVariants(data.Train.ToTensor(0, 1024), data.Test.ToTensor(0, 300), data.Test.Labels[..300].ToArray(),
                FashionMnist.ClassNames, dir.FullName, steps: 40, batchSize: 64);
            Assert.Equal(["reconstruction-only", "kl-only", "elbo"], results.Select(r => r.Name));
            Assert.All(results, r => Assert.StartsWith("<svg", File.ReadAllText(r.Path).TrimStart()[..4]));
            // KL only: every code collapses to the prior mean 0, so the test codes barely spread.
            Assert.True(results[1].CodeSpread < 0.2 * results[0].CodeSpread,
                $"code spread: reconstruction-only {results[0].CodeSpread:F3}, KL-only {results[1].CodeSpread:F3}");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
