using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>
/// How well a set of codes matches a prior: the maximum mean discrepancy between codes and prior samples, and, for a
/// prior with one part per class, how often a code lies in its own class's part.
/// </summary>
public static class CodeMatch
{
    /// <summary>The most points of each set <see cref="Mmd"/> uses (the first ones).</summary>
    public const int MaxPoints = 2000;

    /// <summary>The bandwidths σ of the Gaussian kernels summed by <see cref="Mmd"/>.</summary>
    public static IReadOnlyList<double> Bandwidths { get; } = [0.25, 0.5, 1, 2];

    /// <summary>
    /// The unbiased estimate of MMD² between the rows of <paramref name="a"/> [N, d] and <paramref name="b"/> [M, d]
    /// under the kernel k(x, y) = Σ_σ exp(−‖x − y‖² / 2σ²) over <see cref="Bandwidths"/>: near 0 when both come from the
    /// same distribution (it can be slightly negative), larger the more they differ. At most <see cref="MaxPoints"/>
    /// rows of each are used.
    /// </summary>
    /// <exception cref="ArgumentException">The sets are not [N ≥ 2, d] with the same d.</exception>
    public static double Mmd(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2 || a.Shape[1] != b.Shape[1] || a.Shape[0] < 2 || b.Shape[0] < 2)
            throw new ArgumentException($"CodeMatch.Mmd: needs two sets [N ≥ 2, d] of the same d, got {Common.ShapeText.Format(a.Shape)} and {Common.ShapeText.Format(b.Shape)}.");
        int d = a.Shape[1], n = Math.Min(a.Shape[0], MaxPoints), m = Math.Min(b.Shape[0], MaxPoints);
        var x = a.ToArray();
        var y = b.ToArray();
        double xx = MeanKernel(x, n, x, n, d, skipDiagonal: true);
        double yy = MeanKernel(y, m, y, m, d, skipDiagonal: true);
        double xy = MeanKernel(x, n, y, m, d, skipDiagonal: false);
        return xx + yy - 2 * xy;
    }

    private static double MeanKernel(float[] p, int n, float[] q, int m, int d, bool skipDiagonal)
    {
        var scales = Bandwidths.Select(s => -1.0 / (2 * s * s)).ToArray();
        double total = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                if (skipDiagonal && i == j) continue;
                double squared = 0;
                for (int k = 0; k < d; k++)
                {
                    double diff = p[i * d + k] - q[j * d + k];
                    squared += diff * diff;
                }
                foreach (double s in scales) total += Math.Exp(s * squared);
            }
        return total / (skipDiagonal ? (double)n * (n - 1) : (double)n * m);
    }

    /// <summary>
    /// The share of <paramref name="codes"/> [N, d] whose nearest neighbour among <paramref name="perPart"/> samples of
    /// each part of <paramref name="prior"/> belongs to the part of its label: how far the code space is organised by class.
    /// </summary>
    /// <exception cref="ArgumentException">The prior has no parts, or the labels do not match the codes.</exception>
    public static double PartAccuracy(CodePrior prior, Tensor codes, int[] labels, Generator gen, int perPart = 300)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(labels);
        if (prior.Components == 0) throw new ArgumentException("CodeMatch.PartAccuracy: the prior has no parts.", nameof(prior));
        if (codes.Rank != 2 || codes.Shape[1] != prior.Dim || labels.Length != codes.Shape[0])
            throw new ArgumentException($"CodeMatch.PartAccuracy: {labels.Length} labels for codes {Common.ShapeText.Format(codes.Shape)} (the prior is {prior.Dim}-D).");
        var parts = Enumerable.Range(0, prior.Components * perPart).Select(i => i / perPart).ToArray();
        var reference = prior.Sample(parts, gen).ToArray();
        var points = codes.ToArray();
        int d = prior.Dim, hits = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double best = double.PositiveInfinity;
            int part = -1;
            for (int j = 0; j < parts.Length; j++)
            {
                double squared = 0;
                for (int k = 0; k < d; k++)
                {
                    double diff = points[i * d + k] - reference[j * d + k];
                    squared += diff * diff;
                }
                if (squared < best) (best, part) = (squared, parts[j]);
            }
            if (part == labels[i]) hits++;
        }
        return labels.Length == 0 ? double.NaN : hits / (double)labels.Length;
    }
}
