using System.Text;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>An ONNX node attribute: one of a float, an integer, a string, a tensor, or lists of floats or integers.</summary>
/// <param name="Name">The attribute's name, e.g. "kernel_shape".</param>
/// <param name="Float">The value of a FLOAT attribute.</param>
/// <param name="Int">The value of an INT attribute.</param>
/// <param name="Text">The value of a STRING attribute (UTF-8).</param>
/// <param name="Tensor">The value of a TENSOR attribute.</param>
/// <param name="Floats">The values of a FLOATS attribute.</param>
/// <param name="Ints">The values of an INTS attribute.</param>
public sealed record OnnxAttribute(string Name, float? Float, long? Int, string? Text, Tensor? Tensor, float[] Floats, long[] Ints);

/// <summary>An ONNX graph node: operator, inputs and outputs by value name, attributes.</summary>
/// <param name="OpType">The operator, e.g. "Conv".</param>
/// <param name="Name">The node's name (may be empty).</param>
/// <param name="Inputs">Input value names (an empty name is an omitted optional input).</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes by name.</param>
public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    /// <summary>An integer attribute, or <paramref name="fallback"/>.</summary>
    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) && a.Int is long v ? v : fallback;

    /// <summary>A float attribute, or <paramref name="fallback"/>.</summary>
    public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) && a.Float is float v ? v : fallback;

    /// <summary>An integer-list attribute, or <paramref name="fallback"/>.</summary>
    public long[] Ints(string name, long[] fallback) => Attributes.TryGetValue(name, out var a) && a.Ints.Length > 0 ? a.Ints : fallback;
}

/// <summary>A graph input or output: its name and its shape (−1 for a symbolic dimension).</summary>
/// <param name="Name">The value name.</param>
/// <param name="Shape">The dimensions, −1 where the file names a parameter instead of a size.</param>
public sealed record OnnxValueInfo(string Name, long[] Shape);

/// <summary>
/// An ONNX model read by hand from its protobuf encoding (<c>onnx.proto</c>: ModelProto → GraphProto with nodes,
/// initializers, inputs and outputs; TensorProto as raw little-endian data or typed fields; float, int32 and int64
/// tensors are converted to float). No ONNX or protobuf library is needed: the wire format is varints,
/// length-delimited fields and fixed 32/64-bit values.
/// </summary>
public sealed class OnnxModel
{
    private OnnxModel(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, Tensor> initializers, IReadOnlyList<OnnxValueInfo> inputs,
        IReadOnlyList<OnnxValueInfo> outputs, long opset, string producer)
    {
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        Opset = opset;
        Producer = producer;
    }

    /// <summary>The nodes in the file's (topological) order.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>The weights by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    /// <summary>The graph inputs that are not initializers.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The default-domain operator set version.</summary>
    public long Opset { get; }

    /// <summary>The producer named in the file.</summary>
    public string Producer { get; }

    /// <summary>Reads an ONNX file.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model or uses an unsupported tensor type.</exception>
    public static OnnxModel Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>Parses the bytes of an ONNX model.</summary>
    /// <exception cref="InvalidDataException">They are not a well-formed ONNX model.</exception>
    public static OnnxModel Parse(ReadOnlyMemory<byte> bytes)
    {
        ReadOnlyMemory<byte>? graph = null;
        long opset = 0;
        string producer = "";
        foreach (var f in new ProtoReader(bytes).Fields())
        {
            if (f.Number == 7) graph = f.Bytes;
            else if (f.Number == 2) producer = f.Text;
            else if (f.Number == 8)
            {
                string domain = "";
                long version = 0;
                foreach (var g in new ProtoReader(f.Bytes).Fields())
                {
                    if (g.Number == 1) domain = g.Text;
                    else if (g.Number == 2) version = (long)g.Varint;
                }
                if (domain is "" or "ai.onnx") opset = version;
            }
        }
        if (graph is null) throw new InvalidDataException("not an ONNX model (no graph).");
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, Tensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        foreach (var f in new ProtoReader(graph.Value).Fields())
        {
            switch (f.Number)
            {
                case 1: nodes.Add(ReadNode(f.Bytes)); break;
                case 5:
                    var (name, tensor) = ReadTensor(f.Bytes);
                    initializers[name] = tensor;
                    break;
                case 11: inputs.Add(ReadValueInfo(f.Bytes)); break;
                case 12: outputs.Add(ReadValueInfo(f.Bytes)); break;
            }
        }
        return new OnnxModel(nodes, initializers, [.. inputs.Where(i => !initializers.ContainsKey(i.Name))], outputs, opset, producer);
    }

    private static OnnxNode ReadNode(ReadOnlyMemory<byte> bytes)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>();
        string op = "", name = "";
        foreach (var f in new ProtoReader(bytes).Fields())
        {
            switch (f.Number)
            {
                case 1: inputs.Add(f.Text); break;
                case 2: outputs.Add(f.Text); break;
                case 3: name = f.Text; break;
                case 4: op = f.Text; break;
                case 5:
                    var a = ReadAttribute(f.Bytes);
                    attributes[a.Name] = a;
                    break;
            }
        }
        return new OnnxNode(op, name, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(ReadOnlyMemory<byte> bytes)
    {
        string name = "";
        float? fl = null;
        long? integer = null;
        string? text = null;
        Tensor? tensor = null;
        var floats = new List<float>();
        var ints = new List<long>();
        foreach (var f in new ProtoReader(bytes).Fields())
        {
            switch (f.Number)
            {
                case 1: name = f.Text; break;
                case 2: fl = f.Fixed32AsFloat; break;
                case 3: integer = (long)f.Varint; break;
                case 4: text = f.Text; break;
                case 5: tensor = ReadTensor(f.Bytes).Tensor; break;
                case 7:
                    if (f.WireType == 2) floats.AddRange(ProtoReader.PackedFloats(f.Bytes.Span));
                    else floats.Add(f.Fixed32AsFloat);
                    break;
                case 8:
                    if (f.WireType == 2) ints.AddRange(ProtoReader.PackedVarints(f.Bytes).Select(v => (long)v));
                    else ints.Add((long)f.Varint);
                    break;
            }
        }
        return new OnnxAttribute(name, fl, integer, text, tensor, [.. floats], [.. ints]);
    }

    private static (string Name, Tensor Tensor) ReadTensor(ReadOnlyMemory<byte> bytes)
    {
        var dims = new List<long>();
        int type = 0;
        string name = "";
        ReadOnlyMemory<byte>? raw = null;
        var floats = new List<float>();
        var longs = new List<long>();
        foreach (var f in new ProtoReader(bytes).Fields())
        {
            switch (f.Number)
            {
                case 1:
                    if (f.WireType == 2) dims.AddRange(ProtoReader.PackedVarints(f.Bytes).Select(v => (long)v));
                    else dims.Add((long)f.Varint);
                    break;
                case 2: type = (int)f.Varint; break;
                case 4:
                    if (f.WireType == 2) floats.AddRange(ProtoReader.PackedFloats(f.Bytes.Span));
                    else floats.Add(f.Fixed32AsFloat);
                    break;
                case 5 or 7:
                    if (f.WireType == 2) longs.AddRange(ProtoReader.PackedVarints(f.Bytes).Select(v => (long)v));
                    else longs.Add((long)f.Varint);
                    break;
                case 8: name = f.Text; break;
                case 9: raw = f.Bytes; break;
            }
        }
        int[] shape = [.. dims.Select(d => checked((int)d))];
        int count = shape.Aggregate(1, (a, b) => a * b);
        float[] values = type switch
        {
            1 when raw is { } r => ToFloats(r.Span, 4, count, name, (s) => BitConverter.ToSingle(s)),
            1 => [.. floats],
            6 when raw is { } r => ToFloats(r.Span, 4, count, name, (s) => BitConverter.ToInt32(s)),
            7 when raw is { } r => ToFloats(r.Span, 8, count, name, (s) => BitConverter.ToInt64(s)),
            6 or 7 => [.. longs.Select(v => (float)v)],
            _ => throw new InvalidDataException($"tensor '{name}' has ONNX data type {type}; only float, int32 and int64 are supported."),
        };
        if (values.Length != count) throw new InvalidDataException($"tensor '{name}' holds {values.Length} values for shape [{string.Join(", ", shape)}].");
        return (name, Tensor.FromArray(values, shape));
    }

    private delegate float Convert(ReadOnlySpan<byte> bytes);

    private static float[] ToFloats(ReadOnlySpan<byte> raw, int width, int count, string name, Convert convert)
    {
        if (raw.Length != count * width) throw new InvalidDataException($"tensor '{name}': {raw.Length} raw bytes for {count} values of {width} bytes.");
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = convert(raw.Slice(i * width, width));
        return values;
    }

    private static OnnxValueInfo ReadValueInfo(ReadOnlyMemory<byte> bytes)
    {
        string name = "";
        var shape = new List<long>();
        foreach (var f in new ProtoReader(bytes).Fields())
        {
            if (f.Number == 1) name = f.Text;
            else if (f.Number == 2)
                foreach (var t in new ProtoReader(f.Bytes).Fields().Where(t => t.Number == 1))          // TypeProto.tensor_type
                    foreach (var s in new ProtoReader(t.Bytes).Fields().Where(s => s.Number == 2))      // Tensor.shape
                        foreach (var d in new ProtoReader(s.Bytes).Fields().Where(d => d.Number == 1))  // TensorShapeProto.dim
                        {
                            long size = -1;
                            foreach (var v in new ProtoReader(d.Bytes).Fields()) if (v.Number == 1) size = (long)v.Varint;
                            shape.Add(size);
                        }
        }
        return new OnnxValueInfo(name, [.. shape]);
    }
}

/// <summary>A protobuf wire-format reader: fields of a message as (number, wire type, value).</summary>
internal readonly struct ProtoReader(ReadOnlyMemory<byte> bytes)
{
    public readonly record struct Field(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
    {
        public string Text => new(Encoding.UTF8.GetChars(Bytes.ToArray()));

        public float Fixed32AsFloat => BitConverter.Int32BitsToSingle((int)Varint);
    }

    public IEnumerable<Field> Fields()
    {
        int pos = 0;
        var data = bytes;
        while (pos < data.Length)
        {
            ulong key = ReadVarint(data.Span, ref pos);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    yield return new Field(number, wire, ReadVarint(data.Span, ref pos), default);
                    break;
                case 1:
                    Need(data.Length, pos, 8);
                    yield return new Field(number, wire, BitConverter.ToUInt64(data.Span.Slice(pos, 8)), default);
                    pos += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(data.Span, ref pos));
                    Need(data.Length, pos, length);
                    yield return new Field(number, wire, 0, data.Slice(pos, length));
                    pos += length;
                    break;
                case 5:
                    Need(data.Length, pos, 4);
                    yield return new Field(number, wire, BitConverter.ToUInt32(data.Span.Slice(pos, 4)), default);
                    pos += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wire} of field {number} is not supported (corrupt file?).");
            }
        }
    }

    public static IEnumerable<ulong> PackedVarints(ReadOnlyMemory<byte> packed)
    {
        int pos = 0;
        var list = new List<ulong>();
        while (pos < packed.Length) list.Add(ReadVarint(packed.Span, ref pos));
        return list;
    }

    public static float[] PackedFloats(ReadOnlySpan<byte> packed)
    {
        if (packed.Length % 4 != 0) throw new InvalidDataException($"packed floats of {packed.Length} bytes.");
        var values = new float[packed.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToSingle(packed.Slice(i * 4, 4));
        return values;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) throw new InvalidDataException("truncated protobuf varint.");
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("protobuf varint longer than 10 bytes.");
    }

    private static void Need(int length, int pos, int count)
    {
        if (count < 0 || pos + count > length) throw new InvalidDataException("truncated protobuf field.");
    }
}
