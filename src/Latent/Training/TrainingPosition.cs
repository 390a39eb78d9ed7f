namespace Latent.Training;

/// <summary>Where a run stands: steps done, the epoch in progress, batches of it done, and the loader's RNG state at its start.</summary>
/// <param name="Step">Optimizer steps finished over the whole run.</param>
/// <param name="Epoch">Zero-based index of the epoch in progress.</param>
/// <param name="BatchInEpoch">Batches of that epoch already trained on.</param>
/// <param name="LoaderEpochState">The data loader's generator state when that epoch began (it replays the shuffle).</param>
/// <param name="EpochSums">
/// The sums of the epoch's step metrics so far (a resumed epoch's means then cover all of its batches), or null.
/// </param>
public sealed record TrainingPosition(long Step, int Epoch, int BatchInEpoch, ulong[] LoaderEpochState,
    IReadOnlyDictionary<string, double>? EpochSums = null);
