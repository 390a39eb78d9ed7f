using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Tests.Models.Style;

/// <summary>Gatys et al.'s losses against direct loops over the definitions.</summary>
public class StyleLossesTests
{
    private static Tensor Random(long seed, params int[] shape) => Tensor.Randn(shape, new Generator((ulong)seed));

    [Fact]
    public void GramMatrixIsTheSumOverPositionsOfFeatureProducts()
    {
        var a = Random(1, 2, 3, 4, 5);
        var g = StyleLosses.Gram(a);
        Assert.Equal([2, 3, 3], g.Shape);
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    double sum = 0;
                    for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) sum += a[b, i, y, x] * (double)a[b, j, y, x];
                    Close.Assert(sum, g[b, i, j], atol: 1e-4, rtol: 1e-5, what: $"G[{b},{i},{j}]");
                }
    }

    [Fact]
    public void ContentLossIsHalfTheSquaredDistanceAndItsGradientTheDifference()
    {
        var f = Random(2, 1, 3, 4, 4).RequireGrad();
        var p = Random(3, 1, 3, 4, 4);
        var loss = StyleLosses.Content(f, p);
        double expected = 0;
        var (fv, pv) = (f.ToArray(), p.ToArray());
        for (int i = 0; i < fv.Length; i++) expected += 0.5 * (fv[i] - pv[i]) * (fv[i] - pv[i]);
        Close.Assert(expected, loss.Item(), rtol: 1e-5);
        loss.Backward();
        var grad = f.Grad!.ToArray();
        for (int i = 0; i < fv.Length; i++) Close.Assert(fv[i] - pv[i], grad[i], atol: 1e-6, what: $"∂L/∂F[{i}]");
        Assert.Throws<ArgumentException>(() => StyleLosses.Content(f, Random(4, 1, 3, 4, 5)));
    }

    [Fact]
    public void StyleLossIsGatysNormalisedGramDistanceWithItsClosedFormGradient()
    {
        // E = Σ_ij (G_ij − A_ij)² / (4 N² M²) and ∂E/∂F_ik = Σ_j (G − A)_ij F_jk / (N² M²) (Gatys et al., eq. 4 and 6).
        const int n = 3, h = 2, w = 3, m = h * w;
        var f = Random(5, 1, n, h, w).RequireGrad();
        var target = StyleLosses.Gram(Random(6, 1, n, h, w));
        var e = StyleLosses.Style(f, target);
        var fv = f.ToArray();
        double F(int i, int k) => fv[i * m + k];
        var diff = new double[n, n];
        double expected = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double g = 0;
                for (int k = 0; k < m; k++) g += F(i, k) * F(j, k);
                diff[i, j] = g - target[0, i, j];
                expected += diff[i, j] * diff[i, j];
            }
        expected /= 4.0 * n * n * m * m;
        Close.Assert(expected, e.Item(), atol: 1e-7, rtol: 1e-4);
        e.Backward();
        var grad = f.Grad!.ToArray();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m; k++)
            {
                double g = 0;
                for (int j = 0; j < n; j++) g += diff[i, j] * F(j, k);
                Close.Assert(g / ((double)n * n * m * m), grad[i * m + k], atol: 1e-6, rtol: 1e-3, what: $"∂E/∂F[{i},{k}]");
            }
        Assert.Throws<ArgumentException>(() => StyleLosses.Style(f, Tensor.Zeros(1, 2, 2)));
    }

    [Fact]
    public void GramPerPositionMakesTheStyleLossOfATiledTextureZero()
    {
        // A texture tiled 2 × 2 has the same feature correlations per position: its loss against the tile's target is 0.
        var tile = Random(7, 1, 4, 3, 3);
        var tiled = Tensor.Concat([Tensor.Concat([tile, tile], 3), Tensor.Concat([tile, tile], 3)], 2);
        var target = StyleLosses.GramPerPosition(tile) * 36f;
        Close.Assert(0, StyleLosses.Style(tiled, target).Item(), atol: 1e-9);
        Assert.True(StyleLosses.Style(tile, target).Item() > 1e-3); // and not against the per-position Gram scaled for 9 positions
    }

    [Fact]
    public void TotalVariationSumsSquaredNeighbourDifferencesPerPixel()
    {
        var x = Random(8, 2, 3, 4, 5);
        double sum = 0;
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 4; y++)
                    for (int i = 0; i < 5; i++)
                    {
                        if (y + 1 < 4) sum += Math.Pow(x[b, c, y + 1, i] - x[b, c, y, i], 2);
                        if (i + 1 < 5) sum += Math.Pow(x[b, c, y, i + 1] - x[b, c, y, i], 2);
                    }
        Close.Assert(sum / (2 * 4 * 5), StyleLosses.TotalVariation(x).Item(), rtol: 1e-5);
        Close.Assert(0, StyleLosses.TotalVariation(Tensor.Full(0.3f, 1, 3, 4, 4)).Item(), atol: 1e-12);
        Assert.Throws<ArgumentException>(() => StyleLosses.TotalVariation(Tensor.Zeros(1, 3, 1, 4)));
    }
}
