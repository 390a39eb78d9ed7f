using Latent.Linalg;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Common;

public class PcaTests
{
    [Fact]
    public void PcaOfSamplesFromAKnownCovarianceFindsItsEigenvectors()
    {
        // Σ = Σₖ sₖ² uₖuₖᵀ + 0.1² I in 6-D with s = (3, 2, 1): PCA must return those directions and variances.
        var (x, directions) = TestData.LowRank(20000, 6, [3, 2, 1], 0.1, seed: 5);
        var pca = Pca.Fit(x, 3);
        double[] expected = [9.01, 4.01, 1.01];
        for (int c = 0; c < 3; c++)
        {
            Close.Assert(expected[c], pca.ExplainedVariance[c], rtol: 0.05, what: $"variance {c}");
            double dot = 0;
            for (int j = 0; j < 6; j++) dot += pca.Components[c, j] * directions[c, j];
            Assert.True(Math.Abs(dot) > 0.99, $"component {c}: |cos| = {Math.Abs(dot)}");
        }
        for (int j = 0; j < 6; j++) Close.Assert(0.5, pca.Mean[j], atol: 0.06, what: "mean");
        Close.Assert(9 + 4 + 1 + 6 * 0.01, pca.TotalVariance, rtol: 0.05);
    }

    [Fact]
    public void FullPcaRoundTripsAndProjectsOntoTheSubspace()
    {
        var (x, _) = TestData.LowRank(200, 5, [2, 1], 0.05, seed: 6);
        var full = Pca.Fit(x, 5);
        var back = full.InverseTransform(full.Transform(x));
        for (int i = 0; i < x.Size; i++) Close.Assert(x.Data[i], back.Data[i], atol: 1e-4);
        var two = Pca.Fit(x, 2);
        var coords = two.Transform(x);
        Assert.Equal([200, 2], coords.Shape);
        // Coordinates are uncorrelated, with the component variances.
        var cov = DenseMatrices.Scatter(coords, DenseMatrices.ColumnMeans(coords));
        Close.Assert(two.ExplainedVariance[0], cov[0, 0] / 199, rtol: 1e-3);
        Close.Assert(0, cov[0, 1] / 199, atol: 1e-3);
        Assert.Throws<ArgumentException>(() => Pca.Fit(x, 6));
    }

    [Fact]
    public void PcaFromCovarianceIsExact()
    {
        var pca = Pca.FromCovariance([0, 0], new double[,] { { 2, 1 }, { 1, 2 } }, 1);
        Close.Assert(3, pca.ExplainedVariance[0], atol: 1e-12);
        Close.Assert(Math.Sqrt(0.5), pca.Components[0, 0], atol: 1e-12);
        Close.Assert(Math.Sqrt(0.5), pca.Components[0, 1], atol: 1e-12);
    }
}
