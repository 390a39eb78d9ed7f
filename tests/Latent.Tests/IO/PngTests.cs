using Latent.IO;
using Latent.Tensors;
using Xunit.Abstractions;

namespace Latent.Tests.IO;

public class PngTests
{
    private static PngImage RandomImage(int width, int height, int channels, ulong seed)
    {
        var gen = new Generator(seed);
        var pixels = new byte[width * height * channels];
        // Smooth gradients plus noise, so that different rows favour different filters.
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        for (int c = 0; c < channels; c++)
            pixels[(y * width + x) * channels + c] = (byte)(x * 3 + y * (c + 1) + (y % 3 == 0 ? gen.NextInt(256) : 0));
        return new PngImage(width, height, channels, pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void RoundTripsThroughOurReader(int channels)
    {
        var image = RandomImage(37, 23, channels, 1);
        var back = PngReader.Decode(PngWriter.Encode(image));
        Assert.Equal((37, 23, channels), (back.Width, back.Height, back.Channels));
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void EveryFilterInvertsExactly()
    {
        var gen = new Generator(3);
        var row = new byte[30];
        var previous = new byte[30];
        for (int i = 0; i < 30; i++)
        {
            row[i] = (byte)gen.NextInt(256);
            previous[i] = (byte)gen.NextInt(256);
        }
        for (int type = 0; type < 5; type++)
        {
            var filtered = new byte[30];
            PngFilters.Apply(type, row, previous, 3, filtered);
            PngFilters.Undo(type, filtered, previous, 3);
            Assert.Equal(row, filtered);
        }
    }

    [Fact]
    public void StartsWithSignatureAndHeaderChunk()
    {
        var png = PngWriter.Encode(RandomImage(4, 3, 1, 2));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
        Assert.Equal(0xAE426082u, (uint)(png[^4] << 24 | png[^3] << 16 | png[^2] << 8 | png[^1])); // the well-known IEND CRC
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
        => Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void RejectsBadSignature()
    {
        var png = PngWriter.Encode(RandomImage(4, 4, 1, 3));
        png[1] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => PngReader.Decode(png, "x.png"));
        Assert.Contains("bad signature", e.Message);
        Assert.Contains("x.png", e.Message);
    }

    [Fact]
    public void RejectsCrcMismatch()
    {
        var png = PngWriter.Encode(RandomImage(8, 8, 3, 4));
        png[41] ^= 0x01; // inside the IDAT data (IHDR chunk ends at byte 33)
        var e = Assert.Throws<InvalidDataException>(() => PngReader.Decode(png));
        Assert.Contains("CRC mismatch in chunk 'IDAT'", e.Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(45)]
    public void RejectsTruncatedFiles(int cut)
    {
        var png = PngWriter.Encode(RandomImage(8, 8, 3, 5));
        var e = Assert.Throws<InvalidDataException>(() => PngReader.Decode(png[..^cut]));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void RejectsUnsupportedColourType()
    {
        var png = PngWriter.Encode(RandomImage(2, 2, 1, 6));
        png[25] = 6; // colour type RGBA
        var crc = Crc32.Compute(png.AsSpan(12, 17));
        png[29] = (byte)(crc >> 24); png[30] = (byte)(crc >> 16); png[31] = (byte)(crc >> 8); png[32] = (byte)crc;
        var e = Assert.Throws<InvalidDataException>(() => PngReader.Decode(png));
        Assert.Contains("colour type 6", e.Message);
    }

    [Fact]
    public void NeverCrashesOnRandomCorruption()
    {
        var good = PngWriter.Encode(RandomImage(9, 7, 3, 8));
        var gen = new Generator(21);
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])good.Clone();
            bytes[8 + gen.NextInt(bytes.Length - 8)] = (byte)gen.NextInt(256);
            if (trial % 2 == 0) FixCrcs(bytes); // so that the damage reaches the header and zlib checks
            if (gen.NextInt(3) == 0) bytes = bytes[..gen.NextInt(bytes.Length)];
            try
            {
                PngReader.Decode(bytes);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static void FixCrcs(byte[] png)
    {
        int pos = 8;
        while (pos + 12 <= png.Length)
        {
            long length = (uint)(png[pos] << 24 | png[pos + 1] << 16 | png[pos + 2] << 8 | png[pos + 3]);
            if (pos + 12 + length > png.Length) return;
            uint crc = Crc32.Compute(png.AsSpan(pos + 4, 4 + (int)length));
            int at = pos + 8 + (int)length;
            (png[at], png[at + 1], png[at + 2], png[at + 3]) = ((byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc);
            pos = at + 4;
        }
    }

    [SkippableTheory]
    [InlineData(1, "L")]
    [InlineData(3, "RGB")]
    public void PillowDecodesTheSamePixels(int channels, string mode)
    {
        using var dir = new TempDirectory();
        var image = RandomImage(19, 11, channels, 7);
        string path = dir.File("img.png");
        PngWriter.Write(path, image);
        string? stdout = SystemPython.Run(
            "import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); " +
            "print(im.mode, im.size[0], im.size[1]); print(im.tobytes().hex())", ["PIL"], path);
        if (stdout == null)
        {
            Skip.If(true, "/usr/bin/python3 with PIL is not available.");
            return;
        }
        var lines = stdout.Trim().Split('\n');
        Assert.Equal($"{mode} 19 11", lines[0].Trim());
        Assert.Equal(image.Pixels, Convert.FromHexString(lines[1].Trim()));
    }

    [SkippableFact]
    public void ReadsAPngWrittenByPillowWithOtherChunks()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pil.png");
        string? stdout = SystemPython.Run(
            "import sys; from PIL import Image, PngImagePlugin; im = Image.new('RGB', (13, 9)); " +
            "im.putdata([((x * 17) % 256, (y * 29) % 256, (x * y) % 256) for y in range(9) for x in range(13)]); " +
            "info = PngImagePlugin.PngInfo(); info.add_text('Comment', 'made by PIL'); im.save(sys.argv[1], pnginfo=info); print('ok')",
            ["PIL"], path);
        if (stdout == null)
        {
            Skip.If(true, "/usr/bin/python3 with PIL is not available.");
            return;
        }
        var image = PngReader.Read(path);
        Assert.Equal((13, 9, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal((byte)(5 * 17 % 256), image[5, 7, 0]);
        Assert.Equal((byte)(7 * 29 % 256), image[5, 7, 1]);
        Assert.Equal((byte)(35 % 256), image[5, 7, 2]);
    }
}
