using System.Buffers.Binary;
using System.Text.Json;
using Latent.Tensors;

namespace Latent.IO;

public static partial class SafeTensors
{
    /// <summary>The largest header accepted (as the reference implementation: 100 MB).</summary>
    public const long MaxHeaderSize = 100_000_000;

    /// <summary>Reads every tensor of a safetensors file, converting each element type to float.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is truncated or corrupt: header size beyond the file, invalid JSON, a missing or malformed entry field,
    /// an unknown dtype, a negative dimension, offsets outside the buffer, a byte size that does not match the shape,
    /// overlapping or gapped offsets, or duplicate names. The message names the file and the problem.
    /// </exception>
    public static SafeTensorsFile Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Decodes safetensors bytes; <paramref name="source"/> names them in error messages.</summary>
    /// <inheritdoc cref="Read"/>
    public static SafeTensorsFile Decode(byte[] bytes, string source = "<memory>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8)
            throw Error(source, $"truncated: the file has {bytes.Length} bytes, fewer than the 8-byte header size");
        ulong headerSize = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerSize > (ulong)(bytes.Length - 8))
            throw Error(source, $"header size {headerSize} is larger than the {bytes.Length - 8} bytes that follow it (truncated or corrupt file)");
        if (headerSize > MaxHeaderSize)
            throw Error(source, $"header size {headerSize} exceeds the limit of {MaxHeaderSize} bytes");
        int dataStart = 8 + (int)headerSize;
        long bufferLength = bytes.Length - dataStart;

        var (entries, metadata) = ParseHeader(new ReadOnlyMemory<byte>(bytes, 8, (int)headerSize), bufferLength, source);
        CheckLayout(entries, bufferLength, source);

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var infos = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var storage = Tensor.NewStorage(ShapeUtil.SizeOf(e.Shape));
            SafeTensorDTypes.ToFloat(e.DType, bytes.AsSpan(dataStart + (int)e.Begin, (int)(e.End - e.Begin)), storage);
            tensors[e.Name] = new Tensor(storage, e.Shape) { Name = e.Name };
            infos[e.Name] = e;
        }
        return new SafeTensorsFile(tensors, infos, metadata);
    }

    private static (List<SafeTensorInfo> Entries, Dictionary<string, string> Metadata) ParseHeader(
        ReadOnlyMemory<byte> header, long bufferLength, string source)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header.Span))
            throw Error(source, "the header is not valid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Error(source, $"the header is not valid JSON ({e.Message})");
        }
        using (doc)
        try
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(source, $"the header is a JSON {doc.RootElement.ValueKind}, expected an object");
            var entries = new List<SafeTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Error(source, $"the name '{property.Name}' appears twice in the header");
                if (property.Name == MetadataKey)
                    ParseMetadata(property.Value, metadata, source);
                else
                    entries.Add(ParseEntry(property.Name, property.Value, bufferLength, source));
            }
            return (entries, metadata);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses strings it cannot transcode (for example escaped lone surrogates).
            throw Error(source, $"the header holds text that cannot be decoded ({e.Message})");
        }
    }

    private static void ParseMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"'{MetadataKey}' is a JSON {value.ValueKind}, expected an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Error(source, $"metadata value '{item.Name}' is a JSON {item.Value.ValueKind}, expected a string");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Error(source, $"metadata key '{item.Name}' appears twice");
        }
    }

    private static SafeTensorInfo ParseEntry(string name, JsonElement value, long bufferLength, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"tensor '{name}' is a JSON {value.ValueKind}, expected an object with dtype, shape and data_offsets");
        var dtypeName = Field(value, "dtype", JsonValueKind.String, name, source).GetString()!;
        if (!SafeTensorDTypes.TryParse(dtypeName, out var dtype))
            throw Error(source, $"tensor '{name}' has unknown dtype '{dtypeName}' (supported: {SafeTensorDTypes.SupportedNames})");

        var shapeElement = Field(value, "shape", JsonValueKind.Array, name, source);
        var shape = new int[shapeElement.GetArrayLength()];
        long numel = 1;
        int i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim))
                throw Error(source, $"tensor '{name}' has a non-integer dimension {d.GetRawText()} in its shape");
            if (dim < 0)
                throw Error(source, $"tensor '{name}' has the negative dimension {dim} in its shape");
            if (dim > int.MaxValue || (numel *= dim) > int.MaxValue)
                throw Error(source, $"tensor '{name}' has more than {int.MaxValue} elements");
            shape[i++] = (int)dim;
        }

        var offsets = Field(value, "data_offsets", JsonValueKind.Array, name, source);
        if (offsets.GetArrayLength() != 2)
            throw Error(source, $"tensor '{name}' has {offsets.GetArrayLength()} data_offsets, expected [begin, end]");
        long begin = Offset(offsets[0], name, source), end = Offset(offsets[1], name, source);
        if (begin > end)
            throw Error(source, $"tensor '{name}' has data_offsets [{begin}, {end}] with begin after end");
        if (end > bufferLength)
            throw Error(source, $"tensor '{name}' has data_offsets [{begin}, {end}] beyond the {bufferLength}-byte data buffer (truncated file?)");
        long expected = numel * SafeTensorDTypes.ItemSize(dtype);
        if (end - begin != expected)
            throw Error(source, $"tensor '{name}' of dtype {dtypeName} and shape {ShapeUtil.Format(shape)} needs {expected} bytes, but data_offsets [{begin}, {end}] span {end - begin}");
        return new SafeTensorInfo(name, dtype, shape, begin, end);
    }

    private static JsonElement Field(JsonElement entry, string field, JsonValueKind kind, string name, string source)
    {
        if (!entry.TryGetProperty(field, out var value))
            throw Error(source, $"tensor '{name}' has no '{field}'");
        if (value.ValueKind != kind)
            throw Error(source, $"tensor '{name}' has a JSON {value.ValueKind} as '{field}', expected a {kind}");
        return value;
    }

    private static long Offset(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long v) || v < 0)
            throw Error(source, $"tensor '{name}' has the invalid data offset {element.GetRawText()}");
        return v;
    }

    private static void CheckLayout(List<SafeTensorInfo> entries, long bufferLength, string source)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        string previous = "the start of the buffer";
        foreach (var e in sorted)
        {
            if (e.Begin < expected)
                throw Error(source, $"tensor '{e.Name}' at data_offsets [{e.Begin}, {e.End}] overlaps {previous}, which ends at {expected}");
            if (e.Begin > expected)
                throw Error(source, $"gap of {e.Begin - expected} bytes in the data buffer between {previous} and tensor '{e.Name}'");
            expected = e.End;
            previous = $"tensor '{e.Name}'";
        }
        if (expected != bufferLength)
            throw Error(source, $"the data buffer has {bufferLength} bytes but the tensors cover {expected}: {bufferLength - expected} trailing bytes");
    }

    private static InvalidDataException Error(string source, string problem) => new($"safetensors file '{source}': {problem}.");
}
