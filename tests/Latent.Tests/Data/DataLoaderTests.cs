using Latent.Data;
using Latent.Tensors;

namespace Latent.Tests.Data;

public class DataLoaderTests
{
    private static Tensor Rows(int n, int d = 3)
    {
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++) data[i * d + j] = i * 10 + j;
        return new Tensor(data, n, d);
    }

    private static List<int> Order(DataLoader loader) => loader.SelectMany(b => b.Indices).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryExampleOncePerEpochAndRowsMatchIndices(bool prefetch)
    {
        int n = 103;
        var labels = Enumerable.Range(0, n).Select(i => i % 7).ToArray();
        var loader = new DataLoader(Rows(n), labels, batchSize: 10, generator: new Generator(1), prefetch: prefetch);
        Assert.Equal(11, loader.BatchesPerEpoch);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var seen = new List<int>();
            var batches = loader.ToList();
            Assert.Equal(11, batches.Count);
            Assert.Equal(3, batches[^1].Size);
            foreach (var batch in batches)
            {
                Assert.Equal([batch.Size, 3], batch.Inputs.Shape);
                for (int i = 0; i < batch.Size; i++)
                {
                    Assert.Equal(batch.Indices[i] * 10 + 2, batch.Inputs[i, 2]);
                    Assert.Equal(labels[batch.Indices[i]], batch.Labels![i]);
                }
                seen.AddRange(batch.Indices);
            }
            Assert.Equal(Enumerable.Range(0, n), seen.Order());
        }
        Assert.Equal(2, loader.EpochsStarted);
    }

    [Fact]
    public void SameSeedSameOrderAndEpochsDiffer()
    {
        var a = new DataLoader(Rows(50), batchSize: 8, generator: new Generator(42));
        var b = new DataLoader(Rows(50), batchSize: 8, generator: new Generator(42), prefetch: true);
        var c = new DataLoader(Rows(50), batchSize: 8, generator: new Generator(43));
        var first = Order(a);
        Assert.Equal(first, Order(b));
        Assert.NotEqual(first, Order(c));
        Assert.NotEqual(first, Order(a)); // the second epoch draws a new permutation
        Assert.NotEqual(Enumerable.Range(0, 50), first);
    }

    [Fact]
    public void WithoutShuffleTheOrderIsSequential()
    {
        var loader = new DataLoader(Rows(9), batchSize: 4, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 9), Order(loader));
    }

    [Fact]
    public void DropLastSkipsTheShortBatch()
    {
        var loader = new DataLoader(Rows(103), batchSize: 10, dropLast: true, generator: new Generator(0));
        var batches = loader.ToList();
        Assert.Equal(10, batches.Count);
        Assert.All(batches, b => Assert.Equal(10, b.Size));
        Assert.Equal(100, batches.SelectMany(b => b.Indices).Distinct().Count());
    }

    [Fact]
    public void TargetsAndTransformAreBatchedAlongside()
    {
        var inputs = Rows(20, 2);
        var targets = Rows(20, 4);
        var loader = new DataLoader(inputs, targets, batchSize: 6, generator: new Generator(5)) { Transform = t => Transforms.Rescale(t, 0, 1, 0, 2) };
        foreach (var batch in loader)
        {
            Assert.Null(batch.Labels);
            Assert.Equal([batch.Size, 4], batch.Targets!.Shape);
            for (int i = 0; i < batch.Size; i++)
            {
                Assert.Equal(2f * (batch.Indices[i] * 10 + 1), batch.Inputs[i, 1]);
                Assert.Equal(batch.Indices[i] * 10 + 3, batch.Targets[i, 3]);
            }
        }
        Assert.Throws<ArgumentException>(() => new DataLoader(inputs, Rows(19), batchSize: 4));
        Assert.Throws<ArgumentException>(() => new DataLoader(inputs, new int[3]));
        Assert.Throws<ArgumentException>(() => new DataLoader(inputs, batchSize: 0));
    }

    [Fact]
    public void ImageDatasetBatchesConvertBytesToUnitFloats()
    {
        var pixels = Enumerable.Range(0, 7 * 2 * 2).Select(i => (byte)(i * 9)).ToArray();
        var dataset = new ImageDataset("tiny", pixels, [0, 1, 2, 0, 1, 2, 0], 1, 2, 2, ["a", "b", "c"]);
        var loader = new DataLoader(dataset, batchSize: 3, generator: new Generator(2), prefetch: true);
        int total = 0;
        foreach (var batch in loader)
        {
            Assert.Equal([batch.Size, 1, 2, 2], batch.Inputs.Shape);
            for (int i = 0; i < batch.Size; i++)
            {
                int k = batch.Indices[i];
                Close.Assert(pixels[k * 4 + 3] / 255f, batch.Inputs[i, 0, 1, 1], atol: 1e-6, rtol: 1e-6);
                Assert.Equal(k % 3, batch.Labels![i]);
                Assert.Equal(k % 3, batch.LabelsTensor()[i]);
            }
            total += batch.Size;
        }
        Assert.Equal(7, total);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EpochFromABatchYieldsTheRestOfTheSameEpoch(bool prefetch)
    {
        var full = new DataLoader(Rows(50), batchSize: 8, generator: new Generator(5), prefetch: prefetch).ToList();
        var resumed = new DataLoader(Rows(50), batchSize: 8, generator: new Generator(5), prefetch: prefetch).Epoch(4).ToList();
        Assert.Equal(full.Count - 4, resumed.Count);
        for (int i = 0; i < resumed.Count; i++)
        {
            Assert.Equal(full[i + 4].Indices, resumed[i].Indices);
            Assert.Equal(full[i + 4].Inputs.ToArray(), resumed[i].Inputs.ToArray());
        }
        Assert.Empty(new DataLoader(Rows(50), batchSize: 8, generator: new Generator(5)).Epoch(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Rows(50), batchSize: 8).Epoch(-1));
    }
}
