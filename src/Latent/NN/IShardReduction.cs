using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Sums a tensor over every process that holds a shard of the batch (data parallelism), differentiably: what
/// synchronised batch norm needs to compute the statistics of the whole global batch.
/// </summary>
public interface IShardReduction
{
    /// <summary>
    /// The element-wise sum of <paramref name="partial"/> over every shard; every process gets the same sum. Its
    /// gradient sums the processes' gradients back, weighted as their gradients are averaged, so that the parameter
    /// gradients equal those of one process training on the whole batch.
    /// </summary>
    Tensor SumOverShards(Tensor partial);
}
