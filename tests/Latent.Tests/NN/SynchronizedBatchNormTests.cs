using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

/// <summary>
/// Batch norm with an <see cref="IShardReduction"/> (synchronised batch norm) composes the statistics from summed
/// partials; with one shard it must give the fused op's output, gradients and running statistics. The two-rank case,
/// where the sums cross processes, is checked under mpirun in Distributed/SyncBatchNormTests.
/// </summary>
public class SynchronizedBatchNormTests
{
    /// <summary>The reduction of a world of one: the sum over one shard is the partial itself.</summary>
    private sealed class OneShard : IShardReduction
    {
        public int Calls { get; private set; }

        public Tensor SumOverShards(Tensor partial)
        {
            Calls++;
            return partial * 1f;
        }
    }

    [Fact]
    public void OneShardGivesTheFusedBatchNormsOutputGradientsAndRunningStatistics()
    {
        var gen = new Generator(7);
        var x = (Tensor.Randn([6, 3, 4, 4], gen) * 2f + 0.5f).RequireGrad();
        var upstream = Tensor.Randn([6, 3, 4, 4], gen);
        var fused = new BatchNorm2d(3);
        var synced = new BatchNorm2d(3);
        synced.LoadStateDict(fused.StateDict(copy: true));
        var reduction = new OneShard();
        synced.ShardReduction = reduction;

        var expected = fused.Forward(x);
        (expected * upstream).Sum().Backward();
        var expectedGrad = x.Grad!.Data.ToArray();
        x.Grad = null;
        var actual = synced.Forward(x);
        (actual * upstream).Sum().Backward();

        Assert.Equal(3, reduction.Calls); // the count, the sums, the squared deviations
        NnAssert.Close(expected.Detach(), actual.Detach(), atol: 1e-5, rtol: 1e-4);
        NnAssert.Close(expectedGrad.Select(v => (double)v).ToArray(), x.Grad!, atol: 1e-5, rtol: 1e-3);
        NnAssert.Close(fused.Weight!.Grad!, synced.Weight!.Grad!, atol: 1e-4, rtol: 1e-4);
        NnAssert.Close(fused.RunningMean, synced.RunningMean, atol: 1e-6, rtol: 1e-5);
        NnAssert.Close(fused.RunningVar, synced.RunningVar, atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void EvaluationUsesTheRunningStatisticsWithoutReducing()
    {
        var norm = new BatchNorm1d(4);
        var reduction = new OneShard();
        norm.ShardReduction = reduction;
        norm.Eval();
        norm.Forward(Tensor.Randn([5, 4], new Generator(3)));
        Assert.Equal(0, reduction.Calls);
    }
}
