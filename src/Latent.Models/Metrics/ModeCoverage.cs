using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The mode-collapse measure of the GAN literature (unrolled GANs, VEEGAN): each sample is assigned to its nearest
/// mode; a sample is high-quality when it lies within <c>sigmas</c> standard deviations of that mode; a mode is
/// covered when it receives at least <c>minSamplesPerMode</c> high-quality samples.
/// </summary>
public static class ModeCoverage
{
    /// <summary>Evaluates samples [n, d] against mode centres [k, d].</summary>
    /// <param name="samples">Generated points, shape [n, d].</param>
    /// <param name="modes">Mode centres, shape [k, d] (for example <see cref="Latent.Data.ToyDataset.Modes"/>).</param>
    /// <param name="modeStd">The standard deviation of each mode.</param>
    /// <param name="sigmas">The quality radius in standard deviations (3 by convention).</param>
    /// <param name="minSamplesPerMode">High-quality samples a mode needs to count as covered.</param>
    /// <exception cref="ArgumentException">Shapes disagree, there are no modes, or a parameter is not positive.</exception>
    public static ModeCoverageReport Evaluate(Tensor samples, Tensor modes, float modeStd, float sigmas = 3f, int minSamplesPerMode = 1)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(modes);
        if (samples.Rank != 2 || modes.Rank != 2 || samples.Shape[1] != modes.Shape[1] || modes.Shape[0] == 0)
            throw new ArgumentException($"ModeCoverage: samples {Common.ShapeText.Format(samples.Shape)} and modes {Common.ShapeText.Format(modes.Shape)} must be [n, d] and [k, d] with k > 0.");
        if (!(modeStd > 0f) || !(sigmas > 0f) || minSamplesPerMode <= 0)
            throw new ArgumentException($"ModeCoverage: modeStd {modeStd}, sigmas {sigmas} and minSamplesPerMode {minSamplesPerMode} must be positive.");
        int n = samples.Shape[0], k = modes.Shape[0], d = modes.Shape[1];
        var x = samples.Data;
        var m = modes.Data;
        var nearest = new int[n];
        var perMode = new int[k];
        double radius2 = (double)sigmas * modeStd * sigmas * modeStd;
        int good = 0;
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            double bestDist = double.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                double dist = 0;
                for (int c = 0; c < d; c++)
                {
                    double diff = x[i * d + c] - m[j * d + c];
                    dist += diff * diff;
                }
                if (dist < bestDist)
                {
                    bestDist = dist;
                    best = j;
                }
            }
            nearest[i] = best;
            if (bestDist <= radius2)
            {
                perMode[best]++;
                good++;
            }
        }
        int covered = perMode.Count(c => c >= minSamplesPerMode);
        return new ModeCoverageReport(nearest, perMode, covered, n == 0 ? 0f : (float)good / n);
    }
}
