using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>
/// A workload with one training loss per step: the protocol's <c>steps</c> draw the next batch, <c>epochs</c> run
/// whole shuffled epochs and report the mean training loss per example with the workload's own metrics.
/// </summary>
internal abstract class EpochTraining : IWorkload
{
    private int _epochs;

    /// <summary>The training batches.</summary>
    protected abstract Batches Batches { get; }

    /// <summary>One update on <paramref name="x"/>; returns the batch's loss.</summary>
    protected abstract double Step(Tensor x);

    /// <summary>What one batch's loss is worth in the epoch's per-example mean: its size (a mean loss) or 1 (a summed loss).</summary>
    protected virtual long Weight(Tensor x) => x.shape[0];

    /// <summary>The metrics of epoch <paramref name="epoch"/> (1-based, counted over every call) from its mean training loss.</summary>
    protected abstract JsonObject Metrics(int epoch, double trainLoss);

    public void Step() => Step(Batches.Next());

    public JsonArray TrainEpochs(int epochs)
    {
        var result = new JsonArray();
        for (int e = 0; e < epochs; e++)
        {
            double total = 0;
            long n = 0;
            foreach (var x in Batches.Epoch())
                using (NewDisposeScope())
                {
                    total += Step(x) * Weight(x);
                    n += x.shape[0];
                }
            result.Add(Metrics(++_epochs, total / n));
        }
        return result;
    }

    /// <summary>Σ over consecutive slices of <paramref name="x"/> (at most <paramref name="size"/> rows) of <paramref name="term"/>, without gradients.</summary>
    protected static double SumOverSlices(Tensor x, int size, Func<Tensor, double> term)
    {
        double total = 0;
        using (no_grad())
            for (long i = 0; i < x.shape[0]; i += size)
                using (NewDisposeScope())
                    total += term(x.narrow(0, i, Math.Min(size, x.shape[0] - i)));
        return total;
    }
}
