namespace Latent.Models.Metrics;

/// <summary>How well samples cover the modes of a Gaussian mixture (see <see cref="ModeCoverage"/>).</summary>
/// <param name="NearestMode">For each sample, the index of the nearest mode centre.</param>
/// <param name="HighQualityPerMode">For each mode, how many samples lie within the quality radius of it.</param>
/// <param name="ModesCovered">How many modes received at least the required number of high-quality samples.</param>
/// <param name="HighQualityFraction">The share of samples within the quality radius of their nearest mode.</param>
public sealed record ModeCoverageReport(int[] NearestMode, int[] HighQualityPerMode, int ModesCovered, float HighQualityFraction)
{
    /// <summary>The number of modes of the mixture.</summary>
    public int TotalModes => HighQualityPerMode.Length;

    /// <inheritdoc />
    public override string ToString()
        => $"{ModesCovered}/{TotalModes} modes covered, {HighQualityFraction:P1} high-quality samples";
}
