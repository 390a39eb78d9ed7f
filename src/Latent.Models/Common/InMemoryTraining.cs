using Latent.Data;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Common;

/// <summary>
/// Training for studies and tests: the one <see cref="Trainer"/> loop on in-memory data, with no run directory (no
/// checkpoints, logs or sample files), recording the loss of every step.
/// </summary>
public static class InMemoryTraining
{
    /// <summary>
    /// Runs <paramref name="steps"/> training steps of <paramref name="model"/> on shuffled batches of
    /// <paramref name="x"/>, calling <paramref name="afterStep"/> (a learning-rate schedule) after each; leaves the
    /// model in evaluation mode and returns the mean "loss" over the first and the last 20 steps.
    /// </summary>
    public static (double First, double Last) Fit(TrainableModel model, Tensor x, int steps, ulong seed, int batchSize = 128, Action? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var loader = new DataLoader(x, batchSize: batchSize, shuffle: true, generator: new Generator(seed));
        var losses = Fit(model, loader, steps, afterStep).Select(m => m["loss"]).ToList();
        int window = Math.Min(20, losses.Count);
        return (losses.Take(window).Average(), losses.TakeLast(window).Average());
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps of <paramref name="model"/> over as many epochs of <paramref name="loader"/>
    /// as it takes, and returns every step's metrics; the model is left in evaluation mode.
    /// </summary>
    /// <exception cref="InvalidOperationException">A metric stopped being finite (the message names it and the step).</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Fit(TrainableModel model, DataLoader loader, int steps, Action? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var recorder = new StepRecorder(afterStep);
        int epochs = (int)Math.Ceiling(steps / (double)loader.BatchesPerEpoch);
        var result = new Trainer(model, loader, run: null, new TrainerOptions { Epochs = epochs, MaxSteps = steps }, progress: recorder).Run();
        model.SetTraining(false);
        if (result.Outcome == TrainingOutcome.Diverged) throw new InvalidOperationException(result.Message);
        return recorder.Steps;
    }

    private sealed class StepRecorder(Action? afterStep) : ITrainingProgress
    {
        public List<IReadOnlyDictionary<string, double>> Steps { get; } = [];

        public void Start(long totalSteps, long startStep) { }

        public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            Steps.Add(metrics);
            afterStep?.Invoke();
        }

        public void Message(string text) { }

        public void Finish() { }
    }
}
