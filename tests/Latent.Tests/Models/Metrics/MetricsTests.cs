using Latent.Linalg;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Metrics;

public class MetricsTests
{
    [Fact]
    public void RocAucMatchesHandCountedPairs()
    {
        // Pairs (positive, negative): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓ → 3/4.
        Close.Assert(0.75, RocAuc.Compute([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), atol: 1e-12);
        Close.Assert(1.0, RocAuc.Compute([0.1, 0.2, 0.9], [false, false, true]), atol: 1e-12);
        Close.Assert(0.0, RocAuc.Compute([0.9, 0.2], [false, true]), atol: 1e-12);
        // A tie counts one half: pairs (0.5 vs 0.5) = ½, (0.5 vs 0.1) = 1 → 0.75.
        Close.Assert(0.75, RocAuc.Compute([0.5, 0.5, 0.1], [true, false, false]), atol: 1e-12);
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1, 0.2], [true, true]));
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([double.NaN, 0.2], [true, false]));
    }

    [Fact]
    public void PsnrFollowsItsFormula()
    {
        var clean = Tensor.Zeros(2, 4);
        var noisy = Tensor.Full(0.1f, 2, 4);       // MSE 0.01 → 10·log10(1/0.01) = 20 dB
        Close.Assert(20, Psnr.Compute(noisy, clean), atol: 1e-5);
        Close.Assert(20, Psnr.Compute(noisy * 255f, clean, peak: 255), atol: 1e-4);     // scale-free with the matching peak
        Close.Assert(20 - 20 * Math.Log10(2), Psnr.Compute(noisy * 2f, clean), atol: 1e-4);
        // Per image: image 0 has MSE 0.01 (20 dB), image 1 MSE 0.0001 (40 dB) → mean 30 dB.
        var mixed = Tensor.FromArray([0.1f, 0.1f, 0.1f, 0.1f, 0.01f, 0.01f, 0.01f, 0.01f], 2, 4);
        Close.Assert(30, Psnr.MeanPerImage(mixed, clean), atol: 1e-4);
        Assert.Equal(double.PositiveInfinity, Psnr.Compute(clean, clean));
        Assert.Throws<ArgumentException>(() => Psnr.Compute(Tensor.Zeros(3), Tensor.Zeros(4)));
    }

    [Fact]
    public void LatentGaussianSamplesHaveTheFittedMoments()
    {
        var gen = new Generator(9);
        var codes = Tensor.Zeros(4000, 2);
        for (int i = 0; i < 4000; i++)
        {
            double a = gen.NextNormal(), b = gen.NextNormal();
            codes.Data[2 * i] = (float)(1 + 2 * a);
            codes.Data[2 * i + 1] = (float)(-1 + a + 0.5 * b);   // covariance [[4, 2], [2, 1.25]]
        }
        var fitted = LatentGaussian.Fit(codes);
        Close.Assert(4, fitted.Covariance[0, 0], rtol: 0.08);
        Close.Assert(2, fitted.Covariance[0, 1], rtol: 0.08);
        var samples = fitted.Sample(8000, new Generator(10));
        var refit = LatentGaussian.Fit(samples);
        Close.Assert(fitted.Mean[0], refit.Mean[0], atol: 0.08);
        Close.Assert(fitted.Mean[1], refit.Mean[1], atol: 0.05);
        Close.Assert(fitted.Covariance[1, 1], refit.Covariance[1, 1], rtol: 0.08);
        Close.Assert(fitted.Covariance[0, 1], refit.Covariance[0, 1], rtol: 0.08);
    }
}
