using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Latent.IO;

/// <summary>
/// Decodes 8-bit greyscale and RGB PNG files without interlacing, with all five scanline filters, checking the
/// signature, every chunk's length and CRC, the header fields and the size of the decompressed image data.
/// </summary>
public static class PngReader
{
    /// <summary>Reads the PNG file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid 8-bit grey or RGB PNG; the message names the file and the problem.</exception>
    public static PngImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Decodes PNG bytes; <paramref name="source"/> names them in error messages.</summary>
    /// <exception cref="InvalidDataException">The data are not a valid 8-bit grey or RGB PNG.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> png, string source = "<memory>")
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(PngWriter.Signature))
            throw Error(source, "bad signature: this is not a PNG file");
        int pos = 8;
        int width = 0, height = 0, channels = 0;
        bool seenHeader = false, seenEnd = false;
        using var idat = new MemoryStream();
        while (!seenEnd)
        {
            if (png.Length - pos < 12)
                throw Error(source, $"truncated at byte {pos}: a chunk needs at least 12 bytes, {png.Length - pos} remain{(seenHeader ? " (IEND missing)" : "")}");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            string type = Encoding.ASCII.GetString(png.Slice(pos + 4, 4));
            if (length > int.MaxValue || length > png.Length - pos - 12)
                throw Error(source, $"truncated: chunk '{type}' at byte {pos} declares {length} bytes but only {png.Length - pos - 12} remain");
            var data = png.Slice(pos + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            uint actual = Crc32.Compute(png.Slice(pos + 4, 4 + (int)length));
            if (stored != actual)
                throw Error(source, $"CRC mismatch in chunk '{type}' at byte {pos}: stored {stored:x8}, computed {actual:x8}");
            if (!seenHeader && type != "IHDR")
                throw Error(source, $"the first chunk is '{type}', expected 'IHDR'");
            switch (type)
            {
                case "IHDR":
                    if (seenHeader) throw Error(source, "more than one IHDR chunk");
                    (width, height, channels) = ParseHeader(data, source);
                    seenHeader = true;
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    seenEnd = true;
                    break;
                default:
                    if (char.IsUpper(type[0]))
                        throw Error(source, $"unsupported critical chunk '{type}'");
                    break; // ancillary chunks (text, gamma, …) are skipped
            }
            pos += 12 + (int)length;
        }
        if (idat.Length == 0) throw Error(source, "no IDAT chunk");
        return new PngImage(width, height, channels, Unfilter(Inflate(idat, width, height, channels, source), width, height, channels, source));
    }

    private static (int Width, int Height, int Channels) ParseHeader(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length != 13) throw Error(source, $"IHDR has {data.Length} bytes, expected 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw Error(source, $"invalid image size {width}×{height}");
        if (data[8] != 8) throw Error(source, $"bit depth {data[8]} is not supported; only 8");
        int channels = data[9] switch
        {
            0 => 1,
            2 => 3,
            _ => throw Error(source, $"colour type {data[9]} is not supported; only 0 (grey) and 2 (RGB)"),
        };
        if (data[10] != 0 || data[11] != 0) throw Error(source, $"unknown compression method {data[10]} or filter method {data[11]}");
        if (data[12] != 0) throw Error(source, "interlaced images are not supported");
        if ((long)width * height * channels + height > Array.MaxLength)
            throw Error(source, $"image size {width}×{height} is too large");
        return ((int)width, (int)height, channels);
    }

    private static byte[] Inflate(MemoryStream idat, int width, int height, int channels, string source)
    {
        int expected = height * (1 + width * channels);
        if (expected > DeflateLimits.MaxInflatedSize(idat.Length))
            throw Error(source, $"truncated image data: {idat.Length} compressed bytes cannot hold the {expected} bytes a {width}×{height}×{channels} image needs");
        var raw = new byte[expected];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int got = z.ReadAtLeast(raw, expected, throwOnEndOfStream: false);
            if (got < expected)
                throw Error(source, $"truncated image data: {width}×{height}×{channels} needs {expected} bytes after decompression, got {got}");
            if (z.ReadByte() != -1)
                throw Error(source, $"the image data decompress to more than the {expected} bytes a {width}×{height}×{channels} image needs");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("PNG file", StringComparison.Ordinal))
        {
            throw Error(source, $"corrupt zlib stream ({e.Message})");
        }
        return raw;
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int channels, string source)
    {
        int stride = width * channels;
        var pixels = new byte[height * stride];
        var zero = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            if (filter >= PngFilters.Count) throw Error(source, $"row {y} uses unknown filter type {filter}");
            var row = pixels.AsSpan(y * stride, stride);
            raw.AsSpan(y * (stride + 1) + 1, stride).CopyTo(row);
            ReadOnlySpan<byte> previous = y == 0 ? zero : pixels.AsSpan((y - 1) * stride, stride);
            PngFilters.Undo(filter, row, previous, channels);
        }
        return pixels;
    }

    private static InvalidDataException Error(string source, string problem) => new($"PNG file '{source}': {problem}.");
}
