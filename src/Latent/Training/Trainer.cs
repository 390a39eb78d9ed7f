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
    private readonly DataParallel? _parallel;

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
        if (options.World is { Size: > 1 } world) _parallel = new DataParallel(world);
    }

    /// <summary>Where this process writes: the run directory, except on the ranks other than 0 of a data-parallel run.</summary>
    private RunDirectory? Output => _parallel is { World.IsRoot: false } ? null : _run;

    /// <summary>Name of the checkpoint the trainer keeps up to date in <c>checkpoints/</c>.</summary>
    public const string CheckpointName = "last";

    /// <summary>Trains until the epochs (or step limit) are done, the token is cancelled, or a loss diverges.</summary>
    /// <remarks>
    /// Data-parallel (<see cref="TrainerOptions.World"/>): any exception on one rank ends every rank of the job
    /// (MPI_Abort) with a message naming the rank, since the others would wait for it forever.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Resume was asked for but the run has no checkpoint.</exception>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        if (_parallel == null) return RunHere(cancellation);
        try
        {
            return RunHere(cancellation);
        }
        catch (Exception e)
        {
            _parallel.World.Abort($"training failed: {e.GetType().Name}: {e.Message}");
            throw;
        }
        finally
        {
            _parallel.Detach(_model);
        }
    }

    private TrainingResult RunHere(CancellationToken cancellation)
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
        if (_parallel != null)
        {
            _parallel.BroadcastState(_model);
            _parallel.Attach(_model);
            if (_options.SyncBatchNorm) _parallel.SynchronizeBatchNorm(_model);
        }
        long planned = (long)_options.Epochs * _train.BatchesPerEpoch;
        long total = _options.MaxSteps is long max ? Math.Min(max, planned) : planned;
        _progress.Start(total, position.Step);
        if (_options.Resume && position.Step >= total)
            _progress.Message($"The run has already finished ({position.Step} steps of {total}); pass a larger --epochs or --max-steps to train on.");
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
                bool resumedEpoch = epoch == position.Epoch;
                var sums = resumedEpoch && position.EpochSums != null
                    ? new Dictionary<string, double>(position.EpochSums, StringComparer.Ordinal)
                    : new Dictionary<string, double>(StringComparer.Ordinal);
                int counted = resumedEpoch && position.EpochSums != null ? position.BatchInEpoch : 0;
                foreach (var batch in _train.Epoch(batchIndex))
                {
                    if (step >= total) break;
                    var metrics = _model.TrainStep(_parallel == null ? batch : _parallel.Shard(batch, _model));
                    bool anyRankStops = false; // every rank sees the same numbers and stops at the same step
                    if (_parallel != null) metrics = _parallel.Reduce(metrics, cancellation.IsCancellationRequested, out anyRankStops);
                    if (metrics.FirstOrDefault(m => !double.IsFinite(m.Value)) is { Key: not null } bad)
                    {
                        string message = $"Stopped at step {step + 1}: {bad.Key} became {bad.Value}. " +
                            (checkpoint != null ? $"The last good checkpoint is kept at {checkpoint}." : "No checkpoint was written before the divergence.") +
                            " Try a lower learning rate.";
                        _progress.Message(message);
                        Output?.LogMetrics(step + 1, epoch, metrics);
                        return new TrainingResult(TrainingOutcome.Diverged, step, epoch, metrics, checkpoint, message);
                    }
                    step++;
                    batchIndex++;
                    last = metrics;
                    foreach (var (k, v) in metrics) sums[k] = sums.GetValueOrDefault(k) + v;
                    counted++;
                    _progress.Step(step, epoch, metrics);
                    if (step % _options.LogEvery == 0) Output?.LogMetrics(step, epoch, metrics);
                    var here = current = new TrainingPosition(step, epoch, batchIndex, epochState, sums); // the live sums: saved as they are now
                    if (_options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0) checkpoint = Save(here);
                    if (_options.SampleEvery > 0 && step % _options.SampleEvery == 0) Samples($"step-{step:D7}");
                    if (_parallel == null ? cancellation.IsCancellationRequested : anyRankStops)
                    {
                        checkpoint = Save(here);
                        string message = checkpoint == null ? $"Cancelled at step {step}."
                            : $"Cancelled at step {step}; checkpoint written to {checkpoint}." + (_options.ResumeHint is { } hint ? " " + hint : "");
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
                _parallel?.CheckInSync(_model, step);
                Output?.LogMetrics(step, epoch + 1, summary);
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
        if (Output == null) return _run.CheckpointStem(CheckpointName); // rank 0 writes it
        var stem = _run.CheckpointStem(CheckpointName);
        TrainingCheckpoint.Save(stem, _model, position, _config);
        return stem;
    }

    private void Samples(string prefix)
    {
        if (Output is not { } output) return;
        _model.SetTraining(false);
        _model.WriteSamples(output.SamplesDirectory, prefix);
        _model.SetTraining(true);
    }
}
