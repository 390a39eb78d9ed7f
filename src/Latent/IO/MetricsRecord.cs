namespace Latent.IO;

/// <summary>One line of a run's <c>metrics.jsonl</c>.</summary>
/// <param name="Step">The global training step.</param>
/// <param name="Epoch">The epoch.</param>
/// <param name="Time">When the line was written (UTC).</param>
/// <param name="Values">The named values (losses, metrics, learning rate …); non-finite values are kept.</param>
public sealed record MetricsRecord(long Step, int Epoch, DateTimeOffset Time, IReadOnlyDictionary<string, double> Values);
