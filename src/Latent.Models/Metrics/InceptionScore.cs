using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The Inception Score (Salimans et al., 2016): exp E_x KL(p(y | x) ‖ p(y)) from a classifier's posteriors on
/// generated samples, computed on each of <c>splits</c> consecutive splits (10 by default) and reported as mean ± std
/// across splits. It ranges from 1 (every sample gets the same posterior) to K (confident posteriors spread evenly
/// over K classes). Here the classifier is one trained on the data itself, not Inception-v3, so the values compare
/// models on this data, not with published ImageNet numbers.
/// </summary>
public static class InceptionScore
{
    /// <summary>The score of posteriors [N, K] (rows are probability vectors; 0·log 0 counts as 0).</summary>
    /// <exception cref="ArgumentException">The posteriors are not [N, K] with N ≥ splits, hold negative or non-finite values, or a row does not sum to 1 within 1e-3.</exception>
    public static MeanStd Compute(Tensor posteriors, int splits = 10)
    {
        ArgumentNullException.ThrowIfNull(posteriors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(splits);
        if (posteriors.Rank != 2 || posteriors.Shape[0] < splits || posteriors.Shape[1] == 0)
            throw new ArgumentException($"InceptionScore: expected posteriors [N, K] with N ≥ {splits} splits, got {ShapeText.Format(posteriors.Shape)}.", nameof(posteriors));
        int n = posteriors.Shape[0], k = posteriors.Shape[1];
        var p = posteriors.Data;
        for (int i = 0; i < n; i++)
        {
            double rowSum = 0;
            for (int c = 0; c < k; c++)
            {
                float v = p[i * k + c];
                if (!(v >= 0) || float.IsInfinity(v))
                    throw new ArgumentException($"InceptionScore: posterior row {i} holds {v}; probabilities must be finite and non-negative.", nameof(posteriors));
                rowSum += v;
            }
            if (Math.Abs(rowSum - 1) > 1e-3) throw new ArgumentException($"InceptionScore: posterior row {i} sums to {rowSum}, not 1.", nameof(posteriors));
        }
        var scores = new double[splits];
        var marginal = new double[k];
        for (int s = 0; s < splits; s++)
        {
            int start = s * n / splits, end = (s + 1) * n / splits;
            Array.Clear(marginal);
            for (int i = start; i < end; i++)
                for (int c = 0; c < k; c++) marginal[c] += p[i * k + c];
            for (int c = 0; c < k; c++) marginal[c] /= end - start;
            double kl = 0;
            for (int i = start; i < end; i++)
                for (int c = 0; c < k; c++)
                {
                    double v = p[i * k + c];
                    if (v > 0) kl += v * (Math.Log(v) - Math.Log(marginal[c]));
                }
            scores[s] = Math.Exp(kl / (end - start));
        }
        double mean = scores.Average();
        return new MeanStd(mean, Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / splits));
    }
}
