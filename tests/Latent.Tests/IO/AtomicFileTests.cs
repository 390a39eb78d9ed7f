using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void FailedWriteLeavesTheOldFileAndNoTempFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("weights.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) });
        var before = File.ReadAllBytes(path);

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal("disk full (simulated)", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void ReplacesTheFileAndCreatesTheDirectory()
    {
        using var dir = new TempDirectory();
        var path = dir.File("nested/deeper/a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
