using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>A metric estimated over random subsets: the mean and the standard deviation across subsets.</summary>
/// <param name="Mean">The mean over subsets (or splits).</param>
/// <param name="Std">Their standard deviation (population form, as torch-fidelity reports).</param>
public readonly record struct MeanStd(double Mean, double Std);

/// <summary>
/// The kernel inception distance (Bińkowski et al., 2018): the unbiased estimate of the squared maximum mean
/// discrepancy MMD²ᵤ between two feature sets under the cubic polynomial kernel k(x, y) = (xᵀy / D + 1)³, averaged
/// over random subsets of equal size drawn without replacement (by default 100 subsets of 1,000, as torch-fidelity).
/// Unlike FID it has an unbiased estimator: two sets from one distribution give ≈ 0 on average (values can be
/// slightly negative).
/// </summary>
public static class KernelInceptionDistance
{
    /// <summary>The mean and std over <paramref name="subsets"/> subsets of the unbiased MMD² between the rows of <paramref name="real"/> and <paramref name="generated"/>.</summary>
    /// <param name="real">Features [N, D].</param>
    /// <param name="generated">Features [M, D].</param>
    /// <param name="gen">Draws the subsets.</param>
    /// <param name="subsets">How many subsets.</param>
    /// <param name="subsetSize">Rows per subset from each set; capped at min(N, M).</param>
    /// <exception cref="ArgumentException">Shapes differ, values are not finite, or fewer than two rows.</exception>
    public static MeanStd Compute(Tensor real, Tensor generated, Generator gen, int subsets = 100, int subsetSize = 1000)
    {
        var (n, m, d) = FeatureMatrix.CheckPair(real, generated, nameof(real), nameof(generated));
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subsets);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsetSize, 2);
        int size = Math.Min(subsetSize, Math.Min(n, m));
        if (size < 2) throw new ArgumentException($"KID needs at least 2 rows in each set, got {n} and {m}.");
        var values = new double[subsets];
        using var _ = Autograd.NoGrad();
        for (int s = 0; s < subsets; s++)
        {
            var x = real.IndexSelect(0, Subset(n, size, gen));
            var y = generated.IndexSelect(0, Subset(m, size, gen));
            values[s] = UnbiasedMmd2(x, y, d);
        }
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / subsets;
        return new MeanStd(mean, Math.Sqrt(variance));
    }

    /// <summary>MMD²ᵤ of two equal-sized sets [m, D] under the cubic polynomial kernel.</summary>
    internal static double UnbiasedMmd2(Tensor x, Tensor y, int d)
    {
        int m = x.Shape[0];
        double kxx = OffDiagonalKernelSum(x.MatMul(x, transB: true).Data, m, d);
        double kyy = OffDiagonalKernelSum(y.MatMul(y, transB: true).Data, m, d);
        var xy = x.MatMul(y, transB: true).Data;
        double kxy = 0;
        for (int i = 0; i < xy.Length; i++) kxy += Kernel(xy[i], d);
        return (kxx + kyy) / ((double)m * (m - 1)) - 2 * kxy / ((double)m * m);
    }

    private static double OffDiagonalKernelSum(ReadOnlySpan<float> gram, int m, int d)
    {
        double sum = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                if (i != j) sum += Kernel(gram[i * m + j], d);
        return sum;
    }

    private static double Kernel(float dot, int d)
    {
        double t = dot / (double)d + 1;
        return t * t * t;
    }

    private static int[] Subset(int n, int size, Generator gen) => Tensor.PermutationIndices(n, gen)[..size];
}
