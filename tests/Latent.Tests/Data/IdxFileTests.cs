using System.IO.Compression;
using Latent.Data;
using Latent.Tests.IO;

namespace Latent.Tests.Data;

public class IdxFileTests
{
    private static byte[] Header(byte type, params int[] dims)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        return bytes.ToArray();
    }

    private static string WriteRaw(TempDirectory dir, byte[] content, string name = "f.idx")
    {
        var path = dir.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void ReadsHandWrittenRawFile()
    {
        using var dir = new TempDirectory();
        var payload = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var path = WriteRaw(dir, [.. Header(0x08, 2, 3, 4), .. payload]);

        var idx = IdxFile.Read(path);

        Assert.Equal([2, 3, 4], idx.Dimensions);
        Assert.Equal(2, idx.Count);
        Assert.Equal(payload, idx.Data);
    }

    [Fact]
    public void ReadsGzippedFileDetectedByContent()
    {
        using var dir = new TempDirectory();
        var payload = new byte[] { 1, 2, 3, 250, 251 };
        var path = dir.File("labels-without-gz-suffix");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write([.. Header(0x08, 5), .. payload]);

        var idx = IdxFile.Read(path);

        Assert.Equal([5], idx.Dimensions);
        Assert.Equal(payload, idx.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenReadRoundTrips(bool gzip)
    {
        using var dir = new TempDirectory();
        var array = new IdxArray([3, 2, 2], Enumerable.Range(0, 12).Select(i => (byte)i).ToArray());
        IdxFile.Write(dir.File("a.idx"), array, gzip);

        var back = IdxFile.Read(dir.File("a.idx"));

        Assert.Equal(array.Dimensions, back.Dimensions);
        Assert.Equal(array.Data, back.Data);
    }

    [Fact]
    public void RejectsBadMagic()
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, [1, 0, 8, 1, 0, 0, 0, 1, 5]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("bad magic", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void RejectsUnsupportedElementType()
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, [.. Header(0x0D, 1), 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("0x0D (float32)", e.Message);
    }

    [Fact]
    public void RejectsTruncatedHeader()
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, Header(0x08, 10, 28, 28)[..9]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("truncated header", e.Message);
    }

    [Fact]
    public void RejectsTruncatedPayload()
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, [.. Header(0x08, 2, 2, 2), 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("need 8 bytes of data, but at most 3", e.Message);
    }

    [Fact]
    public void RejectsHugeClaimedSizeWithoutAllocatingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write([.. Header(0x08, 40000, 40000), 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void RejectsTrailingBytes()
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, [.. Header(0x08, 2), 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("trailing bytes", e.Message);
    }

    [Fact]
    public void RejectsTruncatedGzipStream()
    {
        using var dir = new TempDirectory();
        var raw = new MemoryStream();
        using (var gz = new GZipStream(raw, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write([.. Header(0x08, 1000), .. Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 % 251))]);
        var path = WriteRaw(dir, raw.ToArray()[..(int)(raw.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }
}
