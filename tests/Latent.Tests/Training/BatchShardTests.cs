using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Training;

/// <summary>A rank's per-example noise is its rows of the draw one process makes for the whole global batch.</summary>
public class BatchShardTests
{
    [Fact]
    public void EachShardGetsItsRowsOfTheGlobalDrawAndTheGeneratorAdvancesAsInOneProcess()
    {
        var single = new Generator(11);
        var whole = Tensor.Randn([7, 3], single);
        for (int start = 0, rank = 0; rank < 2; rank++)
        {
            var shard = new BatchShard(start, rank == 0 ? 3 : 4, 7);
            var gen = new Generator(11);
            var rows = shard.Rows(shard.Count, n => Tensor.Randn([n, 3], gen));
            Assert.Equal([shard.Count, 3], rows.Shape);
            Assert.Equal(whole.Data.Slice(start * 3, shard.Count * 3).ToArray(), rows.Data.ToArray());
            Assert.Equal(single.GetState(), gen.GetState()); // the stream is where one process's is: the next step's noise agrees too
            start += shard.Count;
        }
        Assert.Equal(3f / 7f, new BatchShard(0, 3, 7).Share);
    }

    [Fact]
    public void ADrawOfTheWrongSizeIsAnError()
    {
        var shard = new BatchShard(4, 4, 8);
        var gen = new Generator(1);
        var e = Assert.Throws<InvalidOperationException>(() => shard.Rows(5, n => Tensor.Randn([n, 2], gen)));
        Assert.Contains("5 rows", e.Message);
        Assert.Throws<InvalidOperationException>(() => shard.Rows(4, _ => Tensor.Randn([3, 2], gen)));
    }
}
