using System.Buffers.Binary;
using System.IO.Compression;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// Reads and writes IDX files (the MNIST format): two zero bytes, an element-type byte, a dimension count, the
/// dimensions as big-endian 32-bit integers, then the payload. Files may be gzip-compressed; compression is detected
/// from the content (bytes 1f 8b), not the file name. Only element type 0x08 (unsigned byte) is supported.
/// </summary>
public static class IdxFile
{
    /// <summary>The element-type code of unsigned bytes.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes, gzipped or raw.</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file has a bad magic number, an unsupported element type, a truncated header or payload, or trailing bytes.
    /// The message names the file and the problem.
    /// </exception>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> probe = stackalloc byte[2];
        int got = file.ReadAtLeast(probe, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzipped = got == 2 && probe[0] == 0x1f && probe[1] == 0x8b;
        if (!gzipped) return Read(file, path, file.Length);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            return Read(gzip, path, DeflateLimits.MaxInflatedSize(file.Length));
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("IDX file", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"IDX file '{path}': the gzip stream is corrupt ({e.Message}).", e);
        }
    }

    /// <summary>Reads an uncompressed IDX stream of unsigned bytes; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid IDX array of unsigned bytes.</exception>
    public static IdxArray Read(Stream stream, string source)
        => Read(stream, source, stream.CanSeek ? stream.Length - stream.Position : long.MaxValue);

    private static IdxArray Read(Stream stream, string source, long available)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
            throw Error(source, $"truncated: the file has {got} bytes, shorter than the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw Error(source, $"bad magic number {Hex(magic)}: an IDX file starts with 00 00 <type> <ndims>");
        byte type = magic[2];
        if (type != UnsignedByteType)
            throw Error(source, $"element type 0x{type:X2} ({TypeName(type)}) is not supported; only 0x08 (unsigned byte) is");
        int rank = magic[3];
        if (rank == 0)
            throw Error(source, "the header declares 0 dimensions");

        var header = new byte[4 * rank];
        got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
            throw Error(source, $"truncated header: {rank} dimensions need {header.Length} bytes after the magic number, found {got}");
        var dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 * i));
            if (d > int.MaxValue)
                throw Error(source, $"dimension {i} has the impossible size {d}");
            dims[i] = (int)d;
            size *= d;
            if (size > Array.MaxLength)
                throw Error(source, $"dimensions {ShapeUtil.Format(dims.AsSpan(0, i + 1))}… describe more than {Array.MaxLength} bytes");
        }

        long remaining = available - 4 - header.Length;
        if (size > remaining)
            throw Error(source, $"truncated: dimensions {ShapeUtil.Format(dims)} need {size} bytes of data, but at most {Math.Max(0, remaining)} can follow the header");
        var data = GC.AllocateUninitializedArray<byte>((int)size);
        got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < data.Length)
            throw Error(source, $"truncated: dimensions {ShapeUtil.Format(dims)} need {size} bytes of data, found {got}");
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) != 0)
            throw Error(source, $"trailing bytes after the {size} bytes of data declared by dimensions {ShapeUtil.Format(dims)}");
        return new IdxArray(dims, data);
    }

    /// <summary>Writes an IDX file of unsigned bytes, optionally gzip-compressed, atomically.</summary>
    /// <exception cref="ArgumentException">The payload length does not match the dimensions, or there are more than 255 dimensions.</exception>
    public static void Write(string path, IdxArray array, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Dimensions.Length > 255)
            throw new ArgumentException($"IDX files hold at most 255 dimensions, got {array.Dimensions.Length}.", nameof(array));
        AtomicFile.Write(path, stream =>
        {
            if (!gzip)
            {
                WriteTo(stream, array);
                return;
            }
            using var z = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            WriteTo(z, array);
        });
    }

    private static void WriteTo(Stream stream, IdxArray array)
    {
        var header = new byte[4 + 4 * array.Dimensions.Length];
        header[2] = UnsignedByteType;
        header[3] = (byte)array.Dimensions.Length;
        for (int i = 0; i < array.Dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), array.Dimensions[i]);
        stream.Write(header);
        stream.Write(array.Data);
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "unknown type",
    };

    private static string Hex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2")));

    private static InvalidDataException Error(string source, string problem) => new($"IDX file '{source}': {problem}.");
}
