using System.Buffers.Binary;
using System.Text;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// NumPy's <c>.npy</c> format (version 1.0) for float32 tensors, so feature matrices saved by <c>latent eval
/// --save-features</c> load with <c>numpy.load</c> and can be checked with other tools.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="tensor"/> as little-endian float32 ('&lt;f4', C order) to <paramref name="path"/>, through a temporary file.</summary>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensor);
        string shape = tensor.Rank == 1 ? $"({tensor.Shape[0]},)" : "(" + string.Join(", ", tensor.Shape) + ")";
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string header = dict + new string(' ', padding) + "\n";
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(Magic);
            stream.Write([1, 0]);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            stream.Write(length);
            stream.Write(Encoding.ASCII.GetBytes(header));
            var bytes = new byte[tensor.Size * 4];
            var data = tensor.Data;
            for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), data[i]);
            stream.Write(bytes);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a little-endian float32 C-order <c>.npy</c> file written by <see cref="Write"/> or NumPy.</summary>
    /// <exception cref="InvalidDataException">The file is not a version 1/2 .npy of '&lt;f4' in C order, or is truncated.</exception>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"'{path}' is not a .npy file.");
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int offset = major == 1 ? 10 : 12;
        if (major is not (1 or 2) || offset + headerLength > bytes.Length) throw new InvalidDataException($"'{path}': unsupported or truncated .npy header.");
        string header = new(Encoding.ASCII.GetChars(bytes, offset, headerLength));
        if (!header.Contains("'descr': '<f4'") || !header.Contains("'fortran_order': False"))
            throw new InvalidDataException($"'{path}': only little-endian float32 in C order is supported, header {header.Trim()}.");
        int open = header.IndexOf("'shape': (", StringComparison.Ordinal) + 10, close = header.IndexOf(')', open);
        int[] shape = [.. header[open..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
        int count = shape.Aggregate(1, (a, b) => a * b);
        int start = offset + headerLength;
        if (bytes.Length - start != count * 4)
            throw new InvalidDataException($"'{path}': {bytes.Length - start} data bytes for shape {ShapeText.Format(shape)}.");
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + i * 4));
        return Tensor.FromArray(values, shape);
    }
}
