using Latent.IO;
using Latent.Training;

namespace Latent.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "latent-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private RunDirectory Run(string name) => RunDirectory.Create(name, _root);

    [Fact]
    public void ResumeIsBitExact()
    {
        // 40 steps in one go, against 23 steps (mid-epoch: 13 batches per epoch), a checkpoint, a fresh process-like
        // rebuild of model and loader, and the remaining 17 steps.
        var straight = new TinyRegression(1);
        new Trainer(straight, TinyRegression.Data(5), Run("straight"), new TrainerOptions { Epochs = 4, MaxSteps = 40 }).Run();

        var run = Run("split");
        var first = new TinyRegression(1);
        var r1 = new Trainer(first, TinyRegression.Data(5), run, new TrainerOptions { Epochs = 4, MaxSteps = 23 }).Run();
        Assert.Equal(TrainingOutcome.Completed, r1.Outcome);
        var second = new TinyRegression(99); // different seed: everything must come from the checkpoint
        var r2 = new Trainer(second, TinyRegression.Data(77), run, new TrainerOptions { Epochs = 4, MaxSteps = 40, Resume = true }).Run();
        Assert.Equal(40, r2.Steps);
        Assert.Equal(straight.Weights(), second.Weights());
    }

    [Fact]
    public void AResumedEpochAveragesAllOfItsBatches()
    {
        // 13 batches per epoch; the split run stops after batch 6 of the second epoch.
        var straight = RunTwoEpochs(Run("whole"), null);
        var split = Run("halves");
        new Trainer(new TinyRegression(1), TinyRegression.Data(5), split, new TrainerOptions { Epochs = 2, MaxSteps = 19 }).Run();
        var resumed = RunTwoEpochs(split, resume: true);
        Assert.Equal(EpochLoss(straight, 2), EpochLoss(resumed, 2));
        Assert.Equal(EpochLoss(straight, 1), EpochLoss(resumed, 1));
    }

    private static RunDirectory RunTwoEpochs(RunDirectory run, bool? resume)
    {
        new Trainer(new TinyRegression(1), TinyRegression.Data(5), run, new TrainerOptions { Epochs = 2, Resume = resume == true }).Run();
        return run;
    }

    private static double EpochLoss(RunDirectory run, int epoch)
        => run.ReadMetrics().Last(m => m.Epoch == epoch && m.Values.ContainsKey("train_loss")).Values["train_loss"];

    [Fact]
    public void ResumingAFinishedRunSaysSo()
    {
        var run = Run("finished");
        new Trainer(new TinyRegression(1), TinyRegression.Data(5), run, new TrainerOptions { Epochs = 1 }).Run();
        var progress = new Recorder();
        var again = new Trainer(new TinyRegression(1), TinyRegression.Data(5), run, new TrainerOptions { Epochs = 1, Resume = true }, progress: progress).Run();
        Assert.Equal(13, again.Steps);
        Assert.Contains(progress.Messages, m => m.Contains("already finished", StringComparison.Ordinal));
    }

    private sealed class Recorder : ITrainingProgress
    {
        public List<string> Messages { get; } = [];

        public void Start(long totalSteps, long startStep) { }

        public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics) { }

        public void Message(string text) => Messages.Add(text);

        public void Finish() { }
    }

    [Fact]
    public void CancellationWritesACheckpointThatResumes()
    {
        var run = Run("cancel");
        using var cts = new CancellationTokenSource();
        var model = new TinyRegression(2);
        var progress = new CancelAfter(5, cts);
        var result = new Trainer(model, TinyRegression.Data(3), run, new TrainerOptions { Epochs = 2 }, progress: progress).Run(cts.Token);
        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(5, result.Steps);
        Assert.NotNull(run.LatestCheckpointStem());
        Assert.Contains("--resume", result.Message);
        var resumed = new Trainer(new TinyRegression(2), TinyRegression.Data(3), run, new TrainerOptions { Epochs = 2, Resume = true }).Run();
        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.Equal(26, resumed.Steps);
    }

    [Fact]
    public void NonFiniteLossStopsAndKeepsTheLastGoodCheckpoint()
    {
        var run = Run("nan");
        var model = new TinyRegression(3);
        new Trainer(model, TinyRegression.Data(4), run, new TrainerOptions { Epochs = 1 }).Run();
        var stem = run.LatestCheckpointStem()!;
        var before = File.ReadAllBytes(Checkpoint.WeightsPath(stem));
        model.PoisonNextStep = true;
        var result = new Trainer(model, TinyRegression.Data(4), run, new TrainerOptions { Epochs = 3, Resume = true }).Run();
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Contains("loss became NaN", result.Message);
        Assert.Contains("last good checkpoint", result.Message);
        Assert.Equal(before, File.ReadAllBytes(Checkpoint.WeightsPath(stem)));
    }

    [Fact]
    public void EpochMetricsAreLoggedAndLossFalls()
    {
        var run = Run("metrics");
        new Trainer(new TinyRegression(4, lr: 0.02f), TinyRegression.Data(6), run, new TrainerOptions { Epochs = 5, LogEvery = 10 }).Run();
        var records = run.ReadMetrics();
        var epochs = records.Where(r => r.Values.ContainsKey("train_loss")).ToList();
        Assert.Equal(5, epochs.Count);
        Assert.True(epochs[^1].Values["train_loss"] < 0.5 * epochs[0].Values["train_loss"]);
        Assert.Contains(records, r => r.Values.ContainsKey("loss") && r.Step == 10);
    }

    [Fact]
    public void ResumeWithoutCheckpointIsAClearError()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new Trainer(new TinyRegression(5), TinyRegression.Data(1), Run("empty"), new TrainerOptions { Resume = true }).Run());
        Assert.Contains("no complete checkpoint", ex.Message);
    }

    private sealed class CancelAfter(int steps, CancellationTokenSource cts) : ITrainingProgress
    {
        public void Start(long totalSteps, long startStep) { }

        public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            if (step == steps) cts.Cancel();
        }

        public void Message(string text) { }

        public void Finish() { }
    }
}
