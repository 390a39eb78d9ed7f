using Latent.Data;
using Latent.Models.Autoencoders;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoencoders;

public class MarginalizedDenoisingTests
{
    /// <summary>Solves A·X = B by Gaussian elimination with partial pivoting (an independent reference solver).</summary>
    private static double[,] SolveDense(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        var aug = new double[n, n + m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) aug[i, j] = a[i, j];
            for (int j = 0; j < m; j++) aug[i, n + j] = b[i, j];
        }
        for (int c = 0; c < n; c++)
        {
            int pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(aug[r, c]));
            for (int j = 0; j < n + m; j++) (aug[c, j], aug[pivot, j]) = (aug[pivot, j], aug[c, j]);
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = aug[r, c] / aug[c, c];
                for (int j = 0; j < n + m; j++) aug[r, j] -= f * aug[c, j];
            }
        }
        var x = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) x[i, j] = aug[i, n + j] / aug[i, i];
        return x;
    }

    [Fact]
    public void ClosedFormEqualsTheLeastSquaresSolutionOverEveryCorruption()
    {
        // Every mask of 3 features, weighted by its probability, is the m → ∞ limit of corrupted copies: the weighted
        // least-squares solution of min Σ w·‖x − W·[m⊙x; 1]‖² must equal the closed form.
        int d = 3;
        double p = 0.3;
        var gen = new Generator(4);
        var x = Tensor.Rand([6, d], gen);
        var xtx = new double[d + 1, d + 1];      // Σ w·x̃x̃ᵀ
        var xty = new double[d + 1, d];          // Σ w·x̃xᵀ
        for (int row = 0; row < 6; row++)
            for (int mask = 0; mask < 1 << d; mask++)
            {
                double w = 1;
                var xt = new double[d + 1];
                for (int j = 0; j < d; j++)
                {
                    bool kept = (mask >> j & 1) == 1;
                    w *= kept ? 1 - p : p;
                    xt[j] = kept ? x.Data[row * d + j] : 0;
                }
                xt[d] = 1;
                for (int a = 0; a <= d; a++)
                {
                    for (int b = 0; b <= d; b++) xtx[a, b] += w * xt[a] * xt[b];
                    for (int b = 0; b < d; b++) xty[a, b] += w * xt[a] * x.Data[row * d + b];
                }
            }
        var reference = SolveDense(xtx, xty);     // Wᵀ, (d + 1) × d
        var w0 = MarginalizedDenoising.SolveLayer(MarginalizedDenoising.Scatter(x), p, ridge: 0);
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= d; j++) Close.Assert(reference[j, i], w0[i, j], atol: 1e-6, what: $"W[{i},{j}]");
    }

    [Fact]
    public void ClosedFormApproachesTheLeastSquaresFitOfManyCorruptedCopies()
    {
        var (x, _) = TestData.LowRank(40, 5, [1, 0.5], 0.05, seed: 2);
        double p = 0.4;
        var w = MarginalizedDenoising.SolveLayer(MarginalizedDenoising.Scatter(x), p, ridge: 0);
        // 2,000 corrupted copies, solved directly.
        var copies = Tensor.Concat(Enumerable.Repeat(x, 2000).ToArray(), 0);
        var corrupted = Corruptions.MaskingNoise(copies, (float)p, new Generator(3));
        var design = Latent.Linalg.DenseMatrices.FromTensor(Tensor.Concat([corrupted, Tensor.Ones(copies.Shape[0], 1)], 1));
        int n = design.GetLength(0);
        var xtx = new double[6, 6];
        var xty = new double[6, 5];
        for (int r = 0; r < n; r++)
            for (int a = 0; a < 6; a++)
            {
                for (int b = 0; b < 6; b++) xtx[a, b] += design[r, a] * design[r, b];
                for (int b = 0; b < 5; b++) xty[a, b] += design[r, a] * copies.Data[r * 5 + b];
            }
        var direct = SolveDense(xtx, xty);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 6; j++) Close.Assert(direct[j, i], w[i, j], atol: 0.06, what: $"W[{i},{j}]");
    }

    [Fact]
    public void StackedLayersFromBatchesMatchTheOneShotFitAndReduceTheLoss()
    {
        var (x, _) = TestData.LowRank(300, 12, [1, 0.6, 0.3], 0.05, seed: 9);
        var oneShot = MarginalizedDenoisingAutoencoder.Fit(x, layers: 2, corruption: 0.5);
        Assert.Equal([300, 36], oneShot.Features(x).Shape);
        var model = new MarginalizedDenoisingAutoencoder(12, 2, 0.5, 300, new Generator(1));
        var loader = new DataLoader(x, batchSize: 100, shuffle: false);
        var losses = new List<double>();
        for (int epoch = 0; epoch < 2; epoch++)
            foreach (var batch in loader) losses.Add(model.TrainStep(batch)["loss"]);
        Assert.Equal(2, model.FittedLayers);
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < model.Weight(l).Size; i++)
                Close.Assert(oneShot.Weight(l).Data[i], model.Weight(l).Data[i], atol: 1e-4, what: $"layer {l}");
        // Before the first layer is solved the loss is the masked input's error; the solved layer reconstructs better.
        double solved = model.Evaluate(loader)["loss"];
        Assert.True(solved < 0.5 * losses[0], $"masked-input error {losses[0]:F3}, mDA reconstruction {solved:F3}");
        Assert.All(model.Encode(x).ToArray(), v => Assert.InRange(v, -1f, 1f));
        Assert.Throws<ArgumentException>(() => MarginalizedDenoising.SolveLayer(new double[3, 3], 1.0));
    }
}
