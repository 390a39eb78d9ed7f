using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Latent.Tensors;

namespace Latent.IO;

/// <summary>
/// Reads and writes the safetensors format of Hugging Face: an 8-byte little-endian header size N, N bytes of UTF-8
/// JSON describing each tensor (<c>dtype</c>, <c>shape</c>, <c>data_offsets</c>) plus an optional
/// <c>__metadata__</c> string map, then the raw little-endian data. Files Latent writes load with the Python
/// <c>safetensors</c> package.
/// </summary>
/// <example>
/// <code>
/// SafeTensors.Write("model.safetensors", model.StateDict());
/// var loaded = SafeTensors.Read("model.safetensors").Tensors;
/// </code>
/// </example>
public static partial class SafeTensors
{
    /// <summary>The key of the metadata map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> as F32 to <paramref name="path"/> atomically (temp file, then rename).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="tensors">The tensors by name; they are stored sorted by name, as the reference implementation does.</param>
    /// <param name="metadata">Optional strings stored under <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">A name is empty or reserved.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = BuildHeader(tensors, metadata);
        AtomicFile.Write(path, stream => WritePayload(stream, header, ordered));
    }

    /// <summary>Encodes <paramref name="tensors"/> as safetensors bytes in memory.</summary>
    /// <inheritdoc cref="Write"/>
    public static byte[] Encode(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = BuildHeader(tensors, metadata);
        using var stream = new MemoryStream();
        WritePayload(stream, header, ordered);
        return stream.ToArray();
    }

    private static (byte[] Header, List<KeyValuePair<string, Tensor>> Ordered) BuildHeader(
        IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    w.WriteString(key, value ?? throw new ArgumentException($"safetensors: metadata value of '{key}' is null."));
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                if (string.IsNullOrEmpty(name) || name == MetadataKey)
                    throw new ArgumentException($"safetensors: tensor name '{name}' is empty or reserved.", nameof(tensors));
                ArgumentNullException.ThrowIfNull(tensor, name);
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in tensor.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += 4L * tensor.Size;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        // Pad with spaces so the data buffer starts on an 8-byte boundary, as the reference implementation does.
        int padded = (int)((json.Length + 7) / 8 * 8);
        var header = new byte[padded];
        json.GetBuffer().AsSpan(0, (int)json.Length).CopyTo(header);
        header.AsSpan((int)json.Length).Fill((byte)' ');
        return (header, ordered);
    }

    private static void WritePayload(Stream stream, byte[] header, List<KeyValuePair<string, Tensor>> ordered)
    {
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)header.Length);
        stream.Write(size);
        stream.Write(header);
        Span<byte> item = stackalloc byte[4];
        foreach (var (_, tensor) in ordered)
        {
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(tensor.Data));
                continue;
            }
            foreach (float v in tensor.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(item, v);
                stream.Write(item);
            }
        }
    }
}
