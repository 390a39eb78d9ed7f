using Latent.Tensors;

namespace Latent.Models.Catalog;

/// <summary>
/// The options every model takes: how long it trains, on what data, with what seed. Each family derives its own
/// record from this one and declares its options with <see cref="OptionAttribute"/>; a model variant is a record
/// with overrides, e.g. <c>new VaeOptions { LatentDim = 2, BatchSize = 64 }</c>.
/// </summary>
public abstract record ModelOptions
{
    /// <summary>Passes over the training data.</summary>
    [Option("epochs", "passes over the training data")]
    public int Epochs { get; init; } = 10;

    /// <summary>Stop after this many optimizer steps in total; null runs every epoch.</summary>
    [Option("max-steps", "stop after this many optimizer steps in total (default: no limit)")]
    public long? MaxSteps { get; init; }

    /// <summary>Examples per batch.</summary>
    [Option("batch-size", "examples per batch")]
    public int BatchSize { get; init; } = 64;

    /// <summary>The learning rate of the model's optimizer (a GAN's generator's).</summary>
    [Option("lr", "learning rate")]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The random seed: the same seed gives the same run.</summary>
    [Option("seed", "random seed (same seed, same run)")]
    public long Seed { get; init; } = 1;

    /// <summary>The directory with the dataset's IDX files, or null for $LATENT_DATA, then the Debian package's folder.</summary>
    [Option("data-dir", "directory with the dataset's IDX files (default: $LATENT_DATA, then /usr/share/datasets/fashion-mnist)")]
    public string? DataDir { get; init; }

    /// <summary>Use only the first N training examples; null uses all of them.</summary>
    [Option("train-size", "use only the first N training images (default: all 60,000)")]
    public int? TrainSize { get; init; }

    /// <summary>Steps between lines in metrics.jsonl.</summary>
    [Option("log-every", "steps between lines in metrics.jsonl")]
    public int LogEvery { get; init; } = 50;

    /// <summary>Steps between checkpoints; 0 writes one at the end of every epoch only.</summary>
    [Option("checkpoint-every", "steps between checkpoints (0: every epoch)")]
    public int CheckpointEvery { get; init; }

    /// <summary>Steps between sample grids; 0 writes them at the end of every epoch only.</summary>
    [Option("sample-every", "steps between sample grids (0: every epoch)")]
    public int SampleEvery { get; init; }

    /// <summary>A fresh random generator for one purpose, derived from <see cref="Seed"/> so that streams do not overlap.</summary>
    /// <param name="stream">The purpose: 0 initial weights, 1 data order, 2 the model's own noise, and so on.</param>
    public Generator NewGenerator(int stream) => new((ulong)Seed * 1_000_003UL + (ulong)stream);

    /// <summary>Checks the values; families add their own rules by overriding and calling this one.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the option.</exception>
    public virtual void Validate()
    {
        Require(Epochs >= 1, $"Option --epochs must be at least 1, got {Epochs}.");
        Require(MaxSteps is null or > 0, $"Option --max-steps must be positive, got {MaxSteps}.");
        Require(BatchSize > 0, $"Option --batch-size must be positive, got {BatchSize}.");
        Require(LearningRate > 0, $"Option --lr must be positive, got {LearningRate}.");
        Require(Seed >= 0, $"Option --seed must be non-negative, got {Seed}.");
        Require(TrainSize is null or > 0, $"Option --train-size must be positive, got {TrainSize}.");
        Require(LogEvery >= 1, $"Option --log-every must be at least 1, got {LogEvery}.");
        Require(CheckpointEvery >= 0, $"Option --checkpoint-every must not be negative, got {CheckpointEvery}.");
        Require(SampleEvery >= 0, $"Option --sample-every must not be negative, got {SampleEvery}.");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    protected static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
