namespace Latent.Training;

/// <summary>How long and how verbosely the <see cref="Trainer"/> runs.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training data (default 10).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Stop after this many optimizer steps in total (null: run every epoch).</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Steps between metric lines in metrics.jsonl (default 50); epoch ends are always logged.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>Steps between checkpoints (0: at the end of every epoch only).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Steps between sample grids (0: at the end of every epoch only).</summary>
    public int SampleEvery { get; init; }

    /// <summary>What the cancellation message tells the user to do next (null: nothing).</summary>
    public string? ResumeHint { get; init; } = "Continue with --resume.";

    /// <summary>Continue from the run's latest checkpoint instead of starting over.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Train data-parallel over these MPI ranks (every rank runs the same trainer on its shard of each batch; only rank
    /// 0 writes); null, or a world of one rank, trains in this process alone.
    /// </summary>
    public Latent.Distributed.MpiWorld? World { get; init; }

    /// <summary>
    /// Data-parallel only: standardize batch-norm layers with the statistics of the whole global batch, summed over the
    /// ranks (synchronised batch norm), so that a batch-norm model trains as in one process; false (the default) keeps
    /// each rank's statistics local, as PyTorch's DistributedDataParallel does.
    /// </summary>
    public bool SyncBatchNorm { get; init; }
}
