using System.Globalization;
using Latent.Models.Metrics;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Metrics;

public class FeatureMetricsTests
{
    /// <summary>n rows of x = μ + A·ε with ε ~ N(0, I): a Gaussian with covariance AAᵀ.</summary>
    private static Tensor Correlated(int n, int d, ulong seed, float shift = 0, double scale = 1)
    {
        var gen = new Generator(seed);
        var mix = new double[d, d];
        var mixGen = new Generator(99);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) mix[i, j] = (i == j ? 1.0 : 0.0) + 0.3 * mixGen.NextNormal() / Math.Sqrt(d);
        var x = Tensor.Zeros(n, d);
        var data = x.Data;
        var eps = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++) eps[j] = gen.NextNormal();
            for (int i = 0; i < d; i++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += mix[i, j] * eps[j];
                data[r * d + i] = (float)(scale * s + shift);
            }
        }
        return x;
    }

    [Fact]
    public void FidOfASetWithItselfIsZero()
    {
        var x = Correlated(500, 16, 1);
        Close.Assert(0, FrechetDistance.Compute(x, x), atol: 1e-8);
        // Fewer rows than dimensions: the covariance is singular and the stable trace term still gives 0, not NaN.
        var few = Correlated(10, 64, 2);
        Close.Assert(0, FrechetDistance.Compute(few, few), atol: 1e-6);
    }

    [Fact]
    public void FidEqualsTheClosedFormForTwoGaussians()
    {
        // Diagonal covariances: Σᵢ (σ₁ᵢ − 2√(σ₁ᵢσ₂ᵢ) + σ₂ᵢ) + ‖μ₁ − μ₂‖² = Σᵢ (√σ₁ᵢ − √σ₂ᵢ)² + ‖μ₁ − μ₂‖².
        var a = FeatureGaussian.FromMoments([0, 1, 2], new double[,] { { 4, 0, 0 }, { 0, 1, 0 }, { 0, 0, 9 } });
        var b = FeatureGaussian.FromMoments([1, 1, 0], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 4 } });
        Close.Assert(1 + 0 + 1 + (1 + 0 + 4), FrechetDistance.Compute(a, b), atol: 1e-10, rtol: 1e-10);

        // Non-commuting 2 × 2 covariances: tr √(Σ₁Σ₂) = √(tr(Σ₁Σ₂) + 2√(det Σ₁ det Σ₂)).
        var s1 = new double[,] { { 2, 1 }, { 1, 2 } };
        var s2 = new double[,] { { 3, -1 }, { -1, 1 } };
        double trProduct = 2 * 3 + 1 * -1 + 1 * -1 + 2 * 1, det1 = 3, det2 = 2;
        double expected = 1 * 1 + 2 * 2 + (4 + 4) - 2 * Math.Sqrt(trProduct + 2 * Math.Sqrt(det1 * det2));
        var fid = FrechetDistance.Compute(FeatureGaussian.FromMoments([0, 0], s1), FeatureGaussian.FromMoments([1, 2], s2));
        Close.Assert(expected, fid, atol: 1e-10, rtol: 1e-10);

        // A constant set (a model that always draws the mean image) has Σ = 0: FID = ‖μ − c‖² + tr Σ.
        var x = Correlated(400, 8, 3);
        var constant = Tensor.Full(0.5f, 50, 8);
        var g = FeatureGaussian.Fit(x);
        double direct = g.Mean.Sum(m => (m - 0.5) * (m - 0.5)) + Enumerable.Range(0, 8).Sum(i => g.Covariance[i, i]);
        Close.Assert(direct, FrechetDistance.Compute(x, constant), atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void FidOfLargeSamplesApproachesTheDistanceOfTheirGaussians()
    {
        // N(0, I) against N(1·𝟙, 4I) in 4-D: closed form 4·1² + 4·(2 − 1)² = 8.
        var a = Correlated(20_000, 4, 5, shift: 0, scale: 1);
        var b = Correlated(20_000, 4, 6, shift: 1, scale: 2);
        var ga = FeatureGaussian.Fit(a);
        var gb = FeatureGaussian.Fit(b);
        double exact = FrechetDistance.Compute(ga, gb);
        // The fitted moments are those of the same mixing, so the value is near 4 + tr((2−1)²·AAᵀ) ≈ 8.
        Close.Assert(8, exact, atol: 0.4);
        Assert.True(FrechetDistance.Compute(a, a.Narrow(0, 0, 10_000)) < 0.01);
    }

    [SkippableFact]
    public void FidAgreesWithScipySqrtmLikePytorchFid()
    {
        var a = Correlated(2000, 32, 7);
        var b = Correlated(1500, 32, 8, shift: 0.3f, scale: 1.4);
        using var dir = new TempDirectory();
        NpyFile.Write(dir.File("a.npy"), a);
        NpyFile.Write(dir.File("b.npy"), b);
        const string script = """
            import sys, numpy as np
            from scipy import linalg
            a = np.load(sys.argv[1]).astype(np.float64); b = np.load(sys.argv[2]).astype(np.float64)
            mu1, mu2 = a.mean(0), b.mean(0)
            s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
            covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
            covmean = covmean.real
            diff = mu1 - mu2
            print(repr(float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))))
            """;
        var output = SystemPython.Run(script, ["numpy", "scipy.linalg"], dir.File("a.npy"), dir.File("b.npy"));
        Skip.If(output is null, "python3-scipy is not installed (apt-get install python3-scipy).");
        double scipy = double.Parse(output!.Trim(), CultureInfo.InvariantCulture);
        Close.Assert(scipy, FrechetDistance.Compute(a, b), atol: 0, rtol: 1e-3);
        Assert.True(scipy > 1, $"the two sets should be apart, scipy gives {scipy}");
    }

    [Fact]
    public void KidIsUnbiasedForTwoSamplesOfOneDistribution()
    {
        // Small subsets make the bias of the plug-in (V-statistic) estimate visible: it would be ≈ 2(E k(x,x) − E k(x,y)) / m > 0.
        var x = Correlated(4000, 8, 11);
        var y = Correlated(4000, 8, 12);
        var same = KernelInceptionDistance.Compute(x, y, new Generator(3), subsets: 2000, subsetSize: 10);
        double standardError = same.Std / Math.Sqrt(2000);
        Assert.True(Math.Abs(same.Mean) < 4 * standardError, $"KID of one distribution {same.Mean} ± {standardError}");
        // The plug-in estimate (diagonal included) on subsets of the same size is well above zero, so the check above can fail.
        var gen = new Generator(3);
        double biased = 0;
        for (int s = 0; s < 200; s++)
            biased += VStatistic(x.IndexSelect(0, Tensor.PermutationIndices(4000, gen)[..10]), y.IndexSelect(0, Tensor.PermutationIndices(4000, gen)[..10]));
        Assert.True(biased / 200 > 10 * standardError, $"the V-statistic {biased / 200} should be visibly biased (se {standardError})");

        var shifted = Correlated(4000, 8, 13, shift: 0.5f);
        var apart = KernelInceptionDistance.Compute(x, shifted, new Generator(4), subsets: 20, subsetSize: 1000);
        Assert.True(apart.Mean > 100 * Math.Abs(same.Mean), $"KID of shifted sets {apart.Mean} vs same {same.Mean}");
    }

    private static double VStatistic(Tensor x, Tensor y)
    {
        int m = x.Shape[0], d = x.Shape[1];
        double K(Tensor a, int i, Tensor b, int j)
        {
            double dot = 0;
            for (int c = 0; c < d; c++) dot += a[i, c] * (double)b[j, c];
            return Math.Pow(dot / d + 1, 3);
        }
        double sum = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) sum += K(x, i, x, j) + K(y, i, y, j) - 2 * K(x, i, y, j);
        return sum / ((double)m * m);
    }

    [Fact]
    public void KidMatchesTheUnbiasedFormulaOnATinyExample()
    {
        // 1-D, m = 2: k(a, b) = (ab + 1)³. x = {0, 1}, y = {1, 2}.
        // Kxx off-diagonal: 2·k(0,1) = 2; Kyy: 2·k(1,2) = 2·27; Kxy: k(0,1)+k(0,2)+k(1,1)+k(1,2) = 1+1+8+27.
        double expected = (2 + 54) / 2.0 - 2 * 37 / 4.0;
        var x = Tensor.FromArray([0f, 1f], 2, 1);
        var y = Tensor.FromArray([1f, 2f], 2, 1);
        Close.Assert(expected, KernelInceptionDistance.UnbiasedMmd2(x, y, 1), atol: 1e-9);
        var kid = KernelInceptionDistance.Compute(x, y, new Generator(1), subsets: 5, subsetSize: 2);
        Close.Assert(expected, kid.Mean, atol: 1e-9);
        Close.Assert(0, kid.Std, atol: 1e-9);
    }

    [Fact]
    public void InceptionScoreOfOneHotPosteriorsOverKClassesIsK()
    {
        const int k = 7, n = 700;
        var p = Tensor.Zeros(n, k);
        for (int i = 0; i < n; i++) p[i, i % k] = 1;
        var score = InceptionScore.Compute(p, splits: 10);
        Close.Assert(k, score.Mean, atol: 1e-9, rtol: 1e-9);
        Close.Assert(0, score.Std, atol: 1e-9);
        // One class for every sample, or a uniform posterior everywhere: 1.
        var single = Tensor.Zeros(100, k);
        for (int i = 0; i < 100; i++) single[i, 2] = 1;
        Close.Assert(1, InceptionScore.Compute(single).Mean, atol: 1e-12);
        Close.Assert(1, InceptionScore.Compute(Tensor.Full(1f / k, 100, k)).Mean, atol: 1e-6);
        // Half the mass on each of two classes per sample over 4 classes: KL = log 2 → 2.
        var pairs = Tensor.Zeros(400, 4);
        for (int i = 0; i < 400; i++) { pairs[i, (i % 2) * 2] = 0.5f; pairs[i, (i % 2) * 2 + 1] = 0.5f; }
        Close.Assert(2, InceptionScore.Compute(pairs).Mean, atol: 1e-6);
        Assert.Throws<ArgumentException>(() => InceptionScore.Compute(Tensor.Full(0.5f, 100, 3)));
    }

    [Fact]
    public void PrecisionAndRecallOfASetAgainstItselfAreOne()
    {
        var x = Correlated(600, 12, 21);
        var scores = PrecisionRecall.Compute(x, x, k: 3);
        Assert.Equal(1.0, scores.Precision);
        Assert.Equal(1.0, scores.Recall);
        Assert.Equal(1.0, scores.Coverage);
        // Each point lies in its own ball and in the balls of the k points it is a neighbour of: density (k + 1) / k… on average.
        Close.Assert(4.0 / 3.0, scores.Density, atol: 1e-12);
    }

    [Fact]
    public void PrecisionRecallDensityCoverageMatchAHandCountedExample()
    {
        // k = 1. Real {0, 1, 2, 3, 10}: radii 1, 1, 1, 1, 7. Fake {0.5, 20, 5}: radii 4.5, 15, 4.5.
        // Precision: 0.5 ∈ B(0,1), 5 ∈ B(10,7), 20 in none → 2/3. Recall: 0..3 ∈ B(0.5, 4.5), 10 ∈ B(20, 15) → 1.
        // Balls holding fakes: B(0) and B(1) hold 0.5, B(10) holds 5 → coverage 3/5, density 3 / (1·3) = 1.
        var real = Tensor.FromArray([0f, 1f, 2f, 3f, 10f], 5, 1);
        var fake = Tensor.FromArray([0.5f, 20f, 5f], 3, 1);
        var s = PrecisionRecall.Compute(real, fake, k: 1);
        Close.Assert(2.0 / 3.0, s.Precision, atol: 1e-12);
        Close.Assert(1.0, s.Recall, atol: 1e-12);
        Close.Assert(0.6, s.Coverage, atol: 1e-12);
        Close.Assert(1.0, s.Density, atol: 1e-12);

        // A set that always returns one point: its balls have radius 0, so it recalls nothing.
        var collapsed = Tensor.Full(1.5f, 4, 1);
        var c = PrecisionRecall.Compute(real, collapsed, k: 1);
        Assert.Equal(0.0, c.Recall);
        Assert.Equal(1.0, c.Precision); // 1.5 lies in B(1, 1)
    }

    [Fact]
    public void FeatureMetricsRejectBadInput()
    {
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(Tensor.Zeros(10, 3), Tensor.Zeros(10, 4)));
        var nan = Tensor.Zeros(10, 3);
        nan[0, 0] = float.NaN;
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(nan, Tensor.Zeros(10, 3)));
        Assert.Throws<ArgumentException>(() => PrecisionRecall.Compute(Tensor.Zeros(3, 2), Tensor.Zeros(10, 2), k: 3));
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(Tensor.Zeros(1, 2), Tensor.Zeros(10, 2), new Generator(1)));
    }

    [SkippableFact]
    public void NpyFilesLoadInNumpy()
    {
        var x = Tensor.FromArray([1.5f, -2f, 3.25f, 0f, 1e-8f, 7f], 2, 3);
        using var dir = new TempDirectory();
        string path = dir.File("x.npy");
        NpyFile.Write(path, x);
        Assert.Equal(x.ToArray(), NpyFile.Read(path).ToArray());
        var output = SystemPython.Run("import sys, numpy as np; a = np.load(sys.argv[1]); print(a.dtype, a.shape[0], a.shape[1], repr(float(a[1].sum())))", ["numpy"], path);
        Skip.If(output is null, "python3-numpy is not installed.");
        var parts = output!.Trim().Split(' ');
        Assert.Equal(["float32", "2", "3"], parts[..3]);
        Close.Assert(0 + 1e-8f + 7, double.Parse(parts[3], CultureInfo.InvariantCulture), atol: 1e-6);
    }
}
