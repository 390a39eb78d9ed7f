namespace Latent.Models.Classical.Fitting;

/// <summary>How <see cref="ClassicalFitter"/> runs EM: the stopping rule, the number of restarts and their seed.</summary>
/// <param name="Tolerance">Stop when an iteration raises the objective (log-likelihood + log prior, per training example, nats) by less than this.</param>
/// <param name="MaxIterations">At most this many EM iterations per restart.</param>
/// <param name="Restarts">Fits from this many initializations; the one with the highest final objective is kept.</param>
/// <param name="Seed">Seeds the initializations of restarts 2, 3, … (the first is the model's own start).</param>
public sealed record FitSettings(double Tolerance = 1e-4, int MaxIterations = 100, int Restarts = 1, ulong Seed = 0)
{
    /// <summary>A drop of the objective larger than this (relative to its size) is a bug, not rounding: EM never lowers it.</summary>
    public const double RelativeNoise = 1e-7;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names its option.</exception>
    public void Validate()
    {
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance)) throw new ArgumentException($"Option --tolerance must be a non-negative number, got {Tolerance}.");
        if (MaxIterations < 1) throw new ArgumentException($"Option --max-iterations must be at least 1, got {MaxIterations}.");
        if (Restarts < 1) throw new ArgumentException($"Option --restarts must be at least 1, got {Restarts}.");
    }

    /// <summary>The seed of restart <paramref name="restart"/> (1-based restarts beyond the first).</summary>
    public ulong SeedOf(int restart) => unchecked(Seed * 0x9E3779B97F4A7C15UL + (ulong)restart * 0xBF58476D1CE4E5B9UL + 1);
}
