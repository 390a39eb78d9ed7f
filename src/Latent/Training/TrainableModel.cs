using System.Text.Json.Nodes;
using Latent.Data;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Training;

/// <summary>
/// A model that the one <see cref="Trainer"/> loop drives: it takes batches, reports scalar metrics, writes samples,
/// and exposes every piece of state (modules, optimizers, random generator, extras) so a checkpoint can resume
/// training bit-exactly.
/// </summary>
public abstract class TrainableModel
{
    /// <summary>Creates the model around the random generator that all of its sampling must draw from.</summary>
    protected TrainableModel(Generator rng) => Rng = rng;

    /// <summary>The model's random stream (noise, reparameterization, dropout); saved in checkpoints.</summary>
    public Generator Rng { get; }

    /// <summary>
    /// Under data parallelism, the rows of the global batch that the batch of the current <see cref="TrainStep"/> holds
    /// (set by the <see cref="Trainer"/>); null when the step sees the whole batch.
    /// </summary>
    public BatchShard? Shard { get; internal set; }

    /// <summary>
    /// A per-example random draw for the current training batch of <paramref name="rows"/> examples (noise, latent
    /// codes): <paramref name="draw"/>(rows) alone, or under data parallelism this rank's rows of the draw for the whole
    /// global batch, so that every rank's noise is the noise one process would draw for those examples.
    /// </summary>
    /// <param name="rows">The number of examples in the batch being trained on.</param>
    /// <param name="draw">Draws n rows (first axis) from <see cref="Rng"/>.</param>
    protected Tensor DrawForBatch(int rows, Func<int, Tensor> draw)
        => Shard is { } shard ? shard.Rows(rows, draw) : draw(rows);

    /// <summary>Named networks whose parameters and buffers are checkpointed (e.g. "encoder", "generator").</summary>
    public abstract IReadOnlyDictionary<string, Module> Modules { get; }

    /// <summary>Named optimizers whose state is checkpointed.</summary>
    public abstract IReadOnlyDictionary<string, Optimizer> Optimizers { get; }

    /// <summary>One optimization step of every network involved on <paramref name="batch"/>; returns scalar metrics ("loss" first when there is one).</summary>
    public abstract IReadOnlyDictionary<string, double> TrainStep(Batch batch);

    /// <summary>Metrics on held-out data (for example the test negative ELBO); none by default.</summary>
    public virtual IReadOnlyDictionary<string, double> Evaluate(DataLoader data) => new Dictionary<string, double>();

    /// <summary>Writes sample pictures into <paramref name="directory"/>, file names starting with <paramref name="prefix"/>; nothing by default.</summary>
    public virtual void WriteSamples(string directory, string prefix) { }

    /// <summary>State beyond modules, optimizers and <see cref="Rng"/> (replay buffers, weight averages) to checkpoint.</summary>
    public virtual void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state) { }

    /// <summary>Restores what <see cref="SaveExtraState"/> wrote.</summary>
    public virtual void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state) { }

    /// <summary>Puts every module in training or evaluation mode.</summary>
    public void SetTraining(bool training)
    {
        foreach (var m in Modules.Values) m.Train(training);
    }
}
