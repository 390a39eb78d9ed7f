using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Batch normalization with the statistics of the whole global batch when every process holds one shard of it
/// (synchronised batch norm, as PyTorch's SyncBatchNorm): the per-channel sums and the sums of squared deviations are
/// summed over the shards (two passes, as a single process computes them), and the gradient flows back through both sums.
/// </summary>
internal static class SynchronizedBatchStatistics
{
    /// <summary>Standardizes <paramref name="x"/> [N, C, …] with the global batch's per-channel mean and biased variance.</summary>
    /// <param name="x">This process's shard of the batch.</param>
    /// <param name="reduction">Sums over the shards.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="mean">The global per-channel mean [C] (not part of the graph).</param>
    /// <param name="variance">The global per-channel biased variance [C] (not part of the graph).</param>
    /// <param name="count">Values per channel in the global batch.</param>
    public static Tensor Standardize(Tensor x, IShardReduction reduction, float eps, out Tensor mean, out Tensor variance, out int count)
    {
        int channels = x.Shape[1];
        int[] axes = [0, .. Enumerable.Range(2, x.Rank - 2)];
        using (Autograd.NoGrad())
            count = (int)Math.Round(reduction.SumOverShards(Tensor.Scalar(x.Size / channels)).Item());
        var n = 1f / count;
        var mu = reduction.SumOverShards(x.Sum(axes)) * n;
        var centered = x - Functional.PerChannel(mu, x.Rank);
        var sigma2 = reduction.SumOverShards(centered.Square().Sum(axes)) * n;
        mean = mu.Detach();
        variance = sigma2.Detach();
        return centered * Functional.PerChannel(sigma2 + eps, x.Rank).Rsqrt();
    }
}
