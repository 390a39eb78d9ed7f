namespace Latent.Models.Boltzmann;

/// <summary>
/// The inverse temperatures 0 = β₀ &lt; β₁ &lt; … &lt; β_K = 1 of annealed importance sampling: β = 0 is the base-rate
/// model, β = 1 the RBM.
/// </summary>
public sealed class AisSchedule
{
    private readonly double[] _betas;

    /// <summary>A schedule from explicit inverse temperatures.</summary>
    /// <exception cref="ArgumentException">They do not start at 0, end at 1 and increase strictly.</exception>
    public AisSchedule(IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Count < 2 || betas[0] != 0 || betas[^1] != 1)
            throw new ArgumentException($"AIS schedule: inverse temperatures must run from 0 to 1, got {betas.Count} values.", nameof(betas));
        for (int k = 1; k < betas.Count; k++)
            if (!(betas[k] > betas[k - 1]))
                throw new ArgumentException($"AIS schedule: inverse temperatures must increase strictly, β{k - 1} = {betas[k - 1]} and β{k} = {betas[k]}.", nameof(betas));
        _betas = [.. betas];
    }

    /// <summary>The inverse temperatures β₀ … β_K.</summary>
    public IReadOnlyList<double> Betas => _betas;

    /// <summary>The number K of intermediate distributions (transitions) after the base model.</summary>
    public int Temperatures => _betas.Length - 1;

    /// <summary>K steps evenly spaced in β.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperatures"/> is below 1.</exception>
    public static AisSchedule Linear(int temperatures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(temperatures, 1);
        return new AisSchedule(Enumerable.Range(0, temperatures + 1).Select(k => k == temperatures ? 1.0 : k / (double)temperatures).ToArray());
    }

    /// <summary>
    /// Salakhutdinov &amp; Murray's (2008) schedule scaled to <paramref name="temperatures"/> steps: evenly spaced in
    /// [0, 0.5], [0.5, 0.9] and [0.9, 1] with 500, 4,000 and 10,000 of 14,500 steps (exactly theirs at 14,500).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperatures"/> is below 10.</exception>
    public static AisSchedule Standard(int temperatures = 14500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(temperatures, 10);
        int first = Math.Max(1, (int)Math.Round(temperatures * 500.0 / 14500));
        int second = Math.Max(1, (int)Math.Round(temperatures * 4000.0 / 14500));
        int third = temperatures - first - second;
        var betas = new List<double>(temperatures + 1);
        void Segment(double from, double to, int count)
        {
            for (int k = 0; k < count; k++) betas.Add(from + (to - from) * k / count);
        }
        Segment(0, 0.5, first);
        Segment(0.5, 0.9, second);
        Segment(0.9, 1, third);
        betas.Add(1);
        return new AisSchedule(betas);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Temperatures} inverse temperatures from 0 to 1";
}
