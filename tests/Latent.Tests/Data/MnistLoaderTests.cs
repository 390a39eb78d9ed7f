using Latent.Data;
using Latent.Tests.IO;

namespace Latent.Tests.Data;

public class MnistLoaderTests
{
    private static void WriteSplit(TempDirectory dir, string prefix, int count, bool gzip, int labelCount = -1, int height = 4, int width = 5)
    {
        var pixels = Enumerable.Range(0, count * height * width).Select(i => (byte)(i % 256)).ToArray();
        var labels = Enumerable.Range(0, labelCount < 0 ? count : labelCount).Select(i => (byte)(i % 10)).ToArray();
        string ext = gzip ? ".gz" : "";
        IdxFile.Write(dir.File($"{prefix}-images-idx3-ubyte{ext}"), new IdxArray([count, height, width], pixels), gzip);
        IdxFile.Write(dir.File($"{prefix}-labels-idx1-ubyte{ext}"), new IdxArray([labels.Length], labels), gzip);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadsMnistLayoutGzippedOrRaw(bool gzip)
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", 12, gzip);
        WriteSplit(dir, "t10k", 3, gzip);

        var train = Mnist.Load(dir.Path, DatasetSplit.Train);
        var test = Mnist.Load(dir.Path, DatasetSplit.Test);

        Assert.Equal(12, train.Count);
        Assert.Equal(3, test.Count);
        Assert.Equal((1, 4, 5), (train.Channels, train.Height, train.Width));
        Assert.Equal([0, 1, 2], test.Labels.ToArray());
        var x = train.ToTensor(1, 2);
        Assert.Equal([2, 1, 4, 5], x.Shape);
        Close.Assert(20f / 255f, x.Data[0], atol: 1e-6, rtol: 1e-6);
        Assert.Equal("3", Mnist.ClassNames[3]);
    }

    [Fact]
    public void FashionMnistAcceptsAnExplicitDirectory()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", 4, gzip: true);
        WriteSplit(dir, "t10k", 2, gzip: false);

        var test = FashionMnist.Load(DatasetSplit.Test, dir.Path);

        Assert.Equal(2, test.Count);
        Assert.Equal("Fashion-MNIST test", test.Name);
        Assert.Equal("Ankle boot", test.ClassNames[9]);
    }

    [Fact]
    public void ImageAndLabelCountMismatchIsReported()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", 5, gzip: false, labelCount: 4);
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path, DatasetSplit.Train));
        Assert.Contains("5 images", e.Message);
        Assert.Contains("4 labels", e.Message);
    }

    [Fact]
    public void ImagesWithWrongRankAreReported()
    {
        using var dir = new TempDirectory();
        IdxFile.Write(dir.File("train-images-idx3-ubyte"), new IdxArray([2, 3], new byte[6]));
        IdxFile.Write(dir.File("train-labels-idx1-ubyte"), new IdxArray([2], new byte[2]));
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path, DatasetSplit.Train));
        Assert.Contains("3 dimensions", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsReported()
    {
        using var dir = new TempDirectory();
        IdxFile.Write(dir.File("train-images-idx3-ubyte"), new IdxArray([1, 2, 2], new byte[4]));
        IdxFile.Write(dir.File("train-labels-idx1-ubyte"), new IdxArray([1], [10]));
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path, DatasetSplit.Train));
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void MissingFashionMnistNamesTheInstallCommandAndDirectories()
    {
        string bogus = Path.Combine(Path.GetTempPath(), "latent-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(DatasetSplit.Train, bogus));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains(bogus, e.Message);
        Assert.Equal([bogus], e.SearchedDirectories);
    }

    [Fact]
    public void MissingMnistNamesTheDirectory()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DatasetNotFoundException>(() => Mnist.Load(dir.Path, DatasetSplit.Test));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("t10k-images-idx3-ubyte", e.Message);
    }
}
