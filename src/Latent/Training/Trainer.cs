using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;

namespace Latent.Training;

/// <summary>
/// The one training loop every model shares: epochs of batches, metrics to <c>metrics.jsonl</c>, periodic samples and
/// checkpoints, exact resume, clean cancellation, and a stop with a clear message when a loss stops being finite.
/// </summary>
public sealed class Trainer
{
    private readonly TrainableModel _model;
    private readonly DataLoader _train;
    private readonly DataLoader? _test;
    private readonly RunDirectory? _run;
    private readonly TrainerOptions _options;
    private readonly ITrainingProgress _progress;
    private readonly JsonNode? _config;

    /// <summary>Creates a trainer; nothing runs until <see cref="Run"/>.</summary>
    /// <param name="model">The model to train.</param>
    /// <param name="train">Training batches; its generator decides the shuffle.</param>
    /// <param name="run">Where metrics, samples and checkpoints go; null trains in memory only (studies, tests).</param>
    /// <param name="options">Epochs, step limit, logging and checkpoint intervals, resume.</param>
    /// <param name="test">Held-out batches evaluated at the end of every epoch, if any.</param>
    /// <param name="progress">Receives progress; silent when null.</param>
    /// <param name="config">The run's configuration, stored in every checkpoint.</param>
    public Trainer(TrainableModel model, DataLoader train, RunDirectory? run, TrainerOptions options,
        DataLoader? test = null, ITrainingProgress? progress = null, JsonNode? config = null)
    {
        if (options.Epochs < 1) throw new ArgumentException($"Trainer: epochs must be at least 1, got {options.Epochs}.");
        if (options.LogEvery < 1) throw new ArgumentException($"Trainer: log interval must be at least 1, got {options.LogEvery}.");
        if (run == null && options.Resume) throw new ArgumentException("Trainer: resuming needs a run directory.");
        _model = model;
        _train = train;
        _test = test;
        _run = run;
        _options = options;
        _progress = progress ?? new SilentProgress();
        _config = config;
    }

    /// <summary>Name of the checkpoint the trainer keeps up to date in <c>checkpoints/</c>.</summary>
    public const string CheckpointName = "last";

    /// <summary>Trains until the epochs (or step limit) are done, the token is cancelled, or a loss diverges.</summary>
    /// <exception cref="InvalidOperationException">Resume was asked for but the run has no checkpoint.</exception>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        var position = new TrainingPosition(0, 0, 0, _train.Generator.GetState());
        string? checkpoint = null;
        if (_options.Resume)
        {
            checkpoint = _run!.LatestCheckpointStem() ?? throw new InvalidOperationException(
                $"Cannot resume: '{_run.CheckpointsDirectory}' holds no complete checkpoint.");
            position = TrainingCheckpoint.Load(checkpoint, _model);
            _progress.Message($"resumed from {checkpoint} at step {position.Step} (epoch {position.Epoch + 1})");
        }
        long planned = (long)_options.Epochs * _train.BatchesPerEpoch;
        long total = _options.MaxSteps is long max ? Math.Min(max, planned) : planned;
        _progress.Start(total, position.Step);
        _model.SetTraining(true);
        long step = position.Step;
        var current = position;
        IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
        try
        {
            for (int epoch = position.Epoch; epoch < _options.Epochs && step < total; epoch++)
            {
                var epochState = epoch == position.Epoch ? position.LoaderEpochState : _train.Generator.GetState();
                _train.Generator.SetState(epochState);
                int batchIndex = epoch == position.Epoch ? position.BatchInEpoch : 0;
                var sums = new Dictionary<string, double>(StringComparer.Ordinal);
                int counted = 0;
                foreach (var batch in _train.Epoch(batchIndex))
                {
                    if (step >= total) break;
                    var metrics = _model.TrainStep(batch);
                    if (metrics.FirstOrDefault(m => !double.IsFinite(m.Value)) is { Key: not null } bad)
                    {
                        string message = $"Stopped at step {step + 1}: {bad.Key} became {bad.Value}. " +
                            (checkpoint != null ? $"The last good checkpoint is kept at {checkpoint}." : "No checkpoint was written before the divergence.") +
                            " Try a lower learning rate.";
                        _progress.Message(message);
                        _run?.LogMetrics(step + 1, epoch, metrics);
                        return new TrainingResult(TrainingOutcome.Diverged, step, epoch, metrics, checkpoint, message);
                    }
                    step++;
                    batchIndex++;
                    last = metrics;
                    foreach (var (k, v) in metrics) sums[k] = sums.GetValueOrDefault(k) + v;
                    counted++;
                    _progress.Step(step, epoch, metrics);
                    if (step % _options.LogEvery == 0) _run?.LogMetrics(step, epoch, metrics);
                    var here = current = new TrainingPosition(step, epoch, batchIndex, epochState);
                    if (_options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0) checkpoint = Save(here);
                    if (_options.SampleEvery > 0 && step % _options.SampleEvery == 0) Samples($"step-{step:D7}");
                    if (cancellation.IsCancellationRequested)
                    {
                        checkpoint = Save(here);
                        string message = checkpoint == null ? $"Cancelled at step {step}."
                            : $"Cancelled at step {step}; checkpoint written to {checkpoint}. Continue with --resume.";
                        _progress.Message(message);
                        return new TrainingResult(TrainingOutcome.Cancelled, step, epoch, last, checkpoint, message);
                    }
                }
                if (batchIndex < _train.BatchesPerEpoch) break; // stopped by the step limit mid-epoch
                var summary = sums.ToDictionary(kv => "train_" + kv.Key, kv => kv.Value / Math.Max(1, counted));
                if (_test != null)
                {
                    _model.SetTraining(false);
                    foreach (var (k, v) in _model.Evaluate(_test)) summary["test_" + k] = v;
                    _model.SetTraining(true);
                }
                _run?.LogMetrics(step, epoch + 1, summary);
                _progress.Message($"epoch {epoch + 1}/{_options.Epochs}: " + string.Join(", ", summary.Select(kv => $"{kv.Key} {kv.Value:G5}")));
                Samples($"epoch-{epoch + 1:D3}");
                current = new TrainingPosition(step, epoch + 1, 0, _train.Generator.GetState());
                checkpoint = Save(current);
            }
            if (_run != null && (current.BatchInEpoch > 0 || checkpoint == null)) checkpoint = Save(current);
            return new TrainingResult(TrainingOutcome.Completed, step, _options.Epochs, last, checkpoint, null);
        }
        finally
        {
            _progress.Finish();
        }
    }

    private string? Save(TrainingPosition position)
    {
        if (_run == null) return null;
        var stem = _run.CheckpointStem(CheckpointName);
        TrainingCheckpoint.Save(stem, _model, position, _config);
        return stem;
    }

    private void Samples(string prefix)
    {
        if (_run == null) return;
        _model.SetTraining(false);
        _model.WriteSamples(_run.SamplesDirectory, prefix);
        _model.SetTraining(true);
    }
}
