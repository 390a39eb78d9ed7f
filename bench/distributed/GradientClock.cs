using System.Diagnostics;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.DistributedBench;

/// <summary>
/// Notes when an optimizer's step first reads its gradients (they are left as they are), in one process: the time from
/// the start of a training step to the last such moment is its data, forward and backward work — what an allreduce
/// waits for; the rest of the step is the parameter updates.
/// </summary>
internal sealed class GradientClock : IGradientSynchronizer
{
    /// <summary>The timestamp of the latest gradient read.</summary>
    public long LastRead { get; private set; }

    public void Synchronize(IReadOnlyList<Tensor> gradients) => LastRead = Stopwatch.GetTimestamp();
}
