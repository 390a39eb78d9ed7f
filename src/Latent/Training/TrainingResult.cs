namespace Latent.Training;

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>Every epoch (or the step limit) ran.</summary>
    Completed,

    /// <summary>Cancelled (Ctrl+C); a checkpoint of the last finished step was written.</summary>
    Cancelled,

    /// <summary>A loss became NaN or infinite; the last good checkpoint was kept.</summary>
    Diverged,
}

/// <summary>The end of a training run: outcome, steps done, last metrics and the checkpoint to resume from.</summary>
public sealed record TrainingResult(TrainingOutcome Outcome, long Steps, int Epochs,
    IReadOnlyDictionary<string, double> LastMetrics, string? Checkpoint, string? Message);
