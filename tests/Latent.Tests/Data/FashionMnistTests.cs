using System.Diagnostics;
using Latent.Data;
using Xunit.Abstractions;

namespace Latent.Tests.Data;

public class FashionMnistTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void LoadsTheInstalledDataset()
    {
        string dir;
        try
        {
            dir = FashionMnist.FindDirectory();
        }
        catch (DatasetNotFoundException e)
        {
            Assert.Contains(FashionMnist.InstallCommand, e.Message);
            Skip.If(true, $"Fashion-MNIST is not installed ({e.Message})");
            return;
        }

        var watch = Stopwatch.StartNew();
        var train = FashionMnist.Load(DatasetSplit.Train, dir);
        output.WriteLine($"Loaded {train.Count} training images in {watch.ElapsedMilliseconds} ms");
        var test = FashionMnist.Load(DatasetSplit.Test, dir);

        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        var counts = new int[10];
        foreach (int label in train.Labels) counts[label]++;
        Assert.All(counts, c => Assert.Equal(6000, c));
        Assert.Equal(10, FashionMnist.ClassNames.Count);

        var x = test.ToTensor(0, 16);
        Assert.Equal([16, 1, 28, 28], x.Shape);
        Assert.All(x.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.True(x.ToArray().Max() > 0.9f, "images should use the full grey range");
    }
}
