namespace Latent.Models.Metrics;

/// <summary>A metric family that <c>latent eval --metrics</c> can ask for.</summary>
public enum EvaluationMetric
{
    /// <summary>Fréchet distance of the features.</summary>
    Fid,

    /// <summary>Kernel inception distance (unbiased MMD², cubic kernel).</summary>
    Kid,

    /// <summary>Inception Score from the classifier's posteriors (and the classifier's accuracy on conditional samples).</summary>
    Is,

    /// <summary>k-NN precision, recall, density and coverage.</summary>
    Pr,

    /// <summary>Test negative log-likelihood, bits per dimension and importance-weighted bounds of likelihood models.</summary>
    Nll,
}

/// <summary>How <see cref="Evaluation"/> scores models: sample counts, the metrics, their parameters and the seed.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Samples drawn from each model, and the size of the real reference sets (capped by the data).</summary>
    public int Samples { get; init; } = 10_000;

    /// <summary>The metrics to compute (those a model's capabilities do not allow are skipped).</summary>
    public IReadOnlySet<EvaluationMetric> Metrics { get; init; } = new HashSet<EvaluationMetric>(Enum.GetValues<EvaluationMetric>());

    /// <summary>The seed of every random draw (samples, reference subset, KID subsets): the same seed gives the same numbers.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>KID subsets.</summary>
    public int KidSubsets { get; init; } = 100;

    /// <summary>Rows per KID subset.</summary>
    public int KidSubsetSize { get; init; } = 1000;

    /// <summary>k of the k-NN manifolds.</summary>
    public int Neighbours { get; init; } = 3;

    /// <summary>Inception Score splits.</summary>
    public int Splits { get; init; } = 10;

    /// <summary>Test images scored by a likelihood model.</summary>
    public int LikelihoodExamples { get; init; } = 10_000;

    /// <summary>Importance samples K of the IWAE bound (0 skips it).</summary>
    public int ImportanceSamples { get; init; } = 100;

    /// <summary>Test images scored with the K-sample IWAE bound (it costs K decoder passes each).</summary>
    public int ImportanceExamples { get; init; } = 1000;

    /// <summary>Images per forward pass.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// The sampling temperature for models that have one (<see cref="Common.ITemperatureSampler"/>: flows, WaveNet), used
    /// for their sample metrics where they draw without labels; null draws at T = 1 as every model does.
    /// </summary>
    public double? Temperature { get; init; }

    /// <summary>Where feature matrices are saved as <c>.npy</c>; null saves none.</summary>
    public string? SaveFeaturesDirectory { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A count is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Samples < 20) throw new ArgumentException($"--samples must be at least 20, got {Samples}.");
        if (Temperature is { } t && !(t > 0 && double.IsFinite(t))) throw new ArgumentException($"--temperature must be positive and finite, got {t}.");
        if (Metrics.Count == 0) throw new ArgumentException("--metrics names no metric.");
        if (KidSubsets < 1 || KidSubsetSize < 2) throw new ArgumentException($"KID needs at least one subset of two rows, got {KidSubsets} × {KidSubsetSize}.");
        if (Neighbours < 1) throw new ArgumentException($"k of precision/recall must be positive, got {Neighbours}.");
        if (Splits < 1) throw new ArgumentException($"Inception Score splits must be positive, got {Splits}.");
        if (LikelihoodExamples < 1 || ImportanceSamples < 0 || ImportanceExamples < 1 || BatchSize < 1)
            throw new ArgumentException("likelihood examples, batch size and importance examples must be positive, importance samples non-negative.");
    }

    /// <summary>Parses a comma-separated list such as "fid,kid,is,pr,nll" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">A name is unknown; the message lists the valid ones.</exception>
    public static IReadOnlySet<EvaluationMetric> ParseMetrics(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new HashSet<EvaluationMetric>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<EvaluationMetric>(name, ignoreCase: true, out var metric) || !Enum.IsDefined(metric))
                throw new ArgumentException($"unknown metric '{name}'; choose from {string.Join(", ", Enum.GetNames<EvaluationMetric>().Select(n => n.ToLowerInvariant()))}.");
            set.Add(metric);
        }
        return set;
    }
}
