using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Latent.IO;

/// <summary>
/// Encodes 8-bit greyscale and RGB PNG files (IHDR, one IDAT compressed with zlib, IEND). Each scanline gets the
/// filter with the smallest sum of absolute values, the heuristic recommended by the PNG specification.
/// </summary>
public static class PngWriter
{
    internal static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, PngImage image)
    {
        var bytes = Encode(image);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Encodes <paramref name="image"/> as PNG bytes.</summary>
    public static byte[] Encode(PngImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = 8;                                  // bit depth
        ihdr[9] = (byte)(image.Channels == 1 ? 0 : 2); // colour type: grey or truecolour
        ihdr[10] = 0;                                 // deflate
        ihdr[11] = 0;                                 // adaptive filtering
        ihdr[12] = 0;                                 // no interlace
        WriteChunk(output, "IHDR", ihdr);
        WriteChunk(output, "IDAT", Compress(image));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] Compress(PngImage image)
    {
        int stride = image.Width * image.Channels;
        int bpp = image.Channels;
        var previous = new byte[stride];
        var candidate = new byte[stride];
        var best = new byte[stride];
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < image.Height; y++)
            {
                var row = image.Pixels.AsSpan(y * stride, stride);
                int bestType = 0;
                long bestScore = long.MaxValue;
                for (int type = 0; type < PngFilters.Count; type++)
                {
                    PngFilters.Apply(type, row, previous, bpp, candidate);
                    long score = 0;
                    foreach (byte v in candidate) score += v < 128 ? v : 256 - v; // |v| as a signed byte
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestType = type;
                        candidate.AsSpan().CopyTo(best);
                    }
                }
                z.WriteByte((byte)bestType);
                z.Write(best);
                row.CopyTo(previous);
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        uint crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, header[4..]), data));
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        output.Write(trailer);
    }
}
