using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>The k-NN manifold metrics of one generated set against a real one.</summary>
/// <param name="Precision">The share of generated samples inside the real manifold (fidelity).</param>
/// <param name="Recall">The share of real samples inside the generated manifold (diversity).</param>
/// <param name="Density">How many real k-NN balls hold a generated sample on average, divided by k (≈ 1 when the sets match; above 1 when samples crowd around real modes).</param>
/// <param name="Coverage">The share of real samples whose k-NN ball holds at least one generated sample.</param>
public readonly record struct ManifoldScores(double Precision, double Recall, double Density, double Coverage);

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al., 2019) and density and coverage (Naeem et al., 2020). Each
/// set's manifold is the union of balls around its points with radius the distance to the point's k-th nearest
/// neighbour in the same set (k = 3 by default; the point itself excluded, duplicates counted as neighbours at
/// distance 0). Precision is the share of generated points inside the real manifold, recall the share of real points
/// inside the generated one; density counts real balls per generated point / k, coverage the real balls that hold a
/// generated point. Squared Euclidean distances come from blocked matrix products (BLAS) as ‖x‖² + ‖y‖² − 2xᵀy,
/// with values within rounding of 0 set to 0; "inside" means distance ≤ radius, within the same rounding.
/// </summary>
public static class PrecisionRecall
{
    private const int Block = 1024;

    /// <summary>The four scores of <paramref name="generated"/> [M, D] against <paramref name="real"/> [N, D].</summary>
    /// <exception cref="ArgumentException">Shapes differ, values are not finite, or a set has no more than k rows.</exception>
    public static ManifoldScores Compute(Tensor real, Tensor generated, int k = 3) => Compute(real, generated, k, null);

    /// <summary>
    /// As <see cref="Compute(Tensor, Tensor, int)"/>, with the real set's squared k-NN radii given (from
    /// <see cref="KthNeighbourSquaredRadii"/>) when one reference is compared with many sets.
    /// </summary>
    public static ManifoldScores Compute(Tensor real, Tensor generated, int k, double[]? realSquaredRadii)
    {
        var (n, m, _) = FeatureMatrix.CheckPair(real, generated, nameof(real), nameof(generated));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (n <= k || m <= k) throw new ArgumentException($"PrecisionRecall: each set needs more than k = {k} rows, got {n} and {m}.");
        if (realSquaredRadii != null && realSquaredRadii.Length != n)
            throw new ArgumentException($"PrecisionRecall: {realSquaredRadii.Length} radii for {n} real rows.", nameof(realSquaredRadii));
        using var _ = Autograd.NoGrad();
        var realRadii = realSquaredRadii ?? KthNeighbourSquaredRadii(real, k);
        var fakeRadii = KthNeighbourSquaredRadii(generated, k);
        var realNorms = SquaredNorms(real);
        var fakeNorms = SquaredNorms(generated);

        long insideReal = 0, ballsHoldingFake = 0;
        var realCovered = new bool[n];
        var realInsideFake = new bool[n];
        for (int start = 0; start < m; start += Block)
        {
            int rows = Math.Min(Block, m - start);
            var dots = generated.Narrow(0, start, rows).MatMul(real, transB: true).Data;
            for (int r = 0; r < rows; r++)
            {
                int j = start + r;
                bool inside = false;
                for (int i = 0; i < n; i++)
                {
                    double d2 = SquaredDistance(fakeNorms[j], realNorms[i], dots[r * n + i]);
                    double slack = Rounding * (fakeNorms[j] + realNorms[i]);
                    if (d2 <= realRadii[i] + slack)
                    {
                        inside = true;
                        ballsHoldingFake++;
                        realCovered[i] = true;
                    }
                    if (d2 <= fakeRadii[j] + slack) realInsideFake[i] = true;
                }
                if (inside) insideReal++;
            }
        }
        return new ManifoldScores(
            Precision: insideReal / (double)m,
            Recall: realInsideFake.Count(b => b) / (double)n,
            Density: ballsHoldingFake / ((double)k * m),
            Coverage: realCovered.Count(b => b) / (double)n);
    }

    /// <summary>The squared distance from each row of <paramref name="x"/> [N, D] to its k-th nearest other row.</summary>
    public static double[] KthNeighbourSquaredRadii(Tensor x, int k)
    {
        FeatureMatrix.Check(x, nameof(x));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        using var _ = Autograd.NoGrad();
        int n = x.Shape[0];
        var norms = SquaredNorms(x);
        var radii = new double[n];
        var row = new double[n];
        for (int start = 0; start < n; start += Block)
        {
            int rows = Math.Min(Block, n - start);
            var dots = x.Narrow(0, start, rows).MatMul(x, transB: true).Data;
            for (int r = 0; r < rows; r++)
            {
                int i = start + r;
                for (int j = 0; j < n; j++) row[j] = SquaredDistance(norms[i], norms[j], dots[r * n + j]);
                row[i] = double.PositiveInfinity; // the point itself is not its own neighbour
                radii[i] = KthSmallest(row, k);
            }
        }
        return radii;
    }

    /// <summary>
    /// ‖x‖² + ‖y‖² − 2xᵀy from double norms and a float dot product; values within the dot product's rounding
    /// (1e-5 of ‖x‖² + ‖y‖²) of zero are zero, so duplicates are at distance exactly 0.
    /// </summary>
    private static double SquaredDistance(double normX, double normY, float dot)
    {
        double d2 = normX + normY - 2.0 * dot;
        return d2 <= Rounding * (normX + normY) ? 0 : d2;
    }

    /// <summary>
    /// The float dot product's rounding relative to ‖x‖² + ‖y‖². Membership allows it too: a BLAS need not give
    /// xᵢᵀxⱼ and xⱼᵀxᵢ the same rounding (the edge tiles of OpenBLAS's Zen kernels do not), so a point at exactly the
    /// radius of its neighbour's ball would otherwise fall in or out by the order of a sum.
    /// </summary>
    private const double Rounding = 1e-5;

    private static double[] SquaredNorms(Tensor x)
    {
        int n = x.Shape[0], d = x.Shape[1];
        var data = x.Data;
        var norms = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double)data[i * d + j] * data[i * d + j];
            norms[i] = s;
        }
        return norms;
    }

    /// <summary>The k-th smallest value (1-based) of <paramref name="values"/>, keeping a sorted buffer of the k smallest.</summary>
    private static double KthSmallest(double[] values, int k)
    {
        Span<double> best = k <= 64 ? stackalloc double[k] : new double[k];
        best.Fill(double.PositiveInfinity);
        foreach (double v in values)
        {
            if (v >= best[k - 1]) continue;
            int p = k - 1;
            while (p > 0 && best[p - 1] > v)
            {
                best[p] = best[p - 1];
                p--;
            }
            best[p] = v;
        }
        return best[k - 1];
    }
}
