using System.Buffers.Binary;
using System.Text;
using Latent.IO;
using Latent.Tensors;
using Xunit.Abstractions;

namespace Latent.Tests.IO;

public class SafeTensorsTests
{
    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["encoder.0.weight"] = Tensor.Randn([4, 3], new Generator(1)),
        ["encoder.0.bias"] = new Tensor([1.5f, -2f, float.MaxValue, float.Epsilon], 4),
        ["scale"] = Tensor.Scalar(0.25f),
        ["empty"] = Tensor.Zeros(0, 5),
    };

    /// <summary>A file with the given header JSON (unpadded) and data buffer.</summary>
    private static byte[] Build(string json, byte[] buffer, ulong? headerSize = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + buffer.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerSize ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        buffer.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    private static InvalidDataException Corrupt(byte[] bytes) => Assert.Throws<InvalidDataException>(() => SafeTensors.Decode(bytes, "bad.safetensors"));

    [Fact]
    public void RoundTripIsIdentical()
    {
        using var dir = new TempDirectory();
        var tensors = Sample();
        var path = dir.File("model.safetensors");
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" });

        var file = SafeTensors.Read(path);

        Assert.Equal(tensors.Keys.Order(), file.Tensors.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.Shape, file.Tensors[name].Shape);
            Assert.Equal(t.ToArray(), file.Tensors[name].ToArray());
            Assert.Equal(SafeTensorDType.F32, file.Entries[name].DType);
        }
        Assert.Equal("ünïcode \"quoted\"", file.Metadata["note"]);
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), AtomicFile.IsTemporaryFile);
    }

    [Fact]
    public void HeaderIsPaddedAndTensorsSortedByName()
    {
        var bytes = SafeTensors.Encode(Sample());
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0ul, n % 8);
        var file = SafeTensors.Decode(bytes);
        var byOffset = file.Entries.Values.OrderBy(e => e.Begin).ThenBy(e => e.End).Select(e => e.Name).ToList();
        Assert.Equal(["empty", "encoder.0.bias", "encoder.0.weight", "scale"], byOffset);
    }

    [SkippableFact]
    public void ReadsAFileWrittenByPython()
    {
        using var dir = new TempDirectory();
        string path = dir.File("py.safetensors");
        const string script = """
import sys, json, struct
import numpy as np
arrays = {
    "w": np.arange(6, dtype=np.float32).reshape(2, 3) / 4,
    "d": np.array([1.5, -2.25], dtype=np.float64),
    "h": np.array([0.5, -3.0, 65504.0], dtype=np.float16),
    "i": np.array([[7], [-9]], dtype=np.int64),
    "u": np.array([0, 255], dtype=np.uint8),
}
codes = {"float32": "F32", "float64": "F64", "float16": "F16", "int64": "I64", "uint8": "U8"}
header, blobs, offset = {"__metadata__": {"source": "numpy"}}, [], 0
for name in ["h", "w", "d", "u", "i"]:
    raw = arrays[name].astype(arrays[name].dtype.newbyteorder("<")).tobytes()
    header[name] = {"dtype": codes[str(arrays[name].dtype)], "shape": list(arrays[name].shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
h = json.dumps(header).encode("utf-8")
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<Q", len(h)))
    f.write(h)
    f.write(b"".join(blobs))
print("ok")
""";
        if (SystemPython.Run(script, ["numpy"], path) == null)
        {
            Skip.If(true, "/usr/bin/python3 with numpy is not available.");
            return;
        }
        var file = SafeTensors.Read(path);
        Assert.Equal([2, 3], file.Tensors["w"].Shape);
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f], file.Tensors["w"].ToArray());
        Assert.Equal([1.5f, -2.25f], file.Tensors["d"].ToArray());
        Assert.Equal([0.5f, -3f, 65504f], file.Tensors["h"].ToArray());
        Assert.Equal([7f, -9f], file.Tensors["i"].ToArray());
        Assert.Equal([2, 1], file.Tensors["i"].Shape);
        Assert.Equal([0f, 255f], file.Tensors["u"].ToArray());
        Assert.Equal(SafeTensorDType.F16, file.Entries["h"].DType);
        Assert.Equal("numpy", file.Metadata["source"]);
    }

    [SkippableFact]
    public void PythonReadsOurFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ours.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["b"] = new Tensor([1f, 2f, 3f], 3), ["a"] = new Tensor([-0.5f, 4f], 2, 1) });
        const string script = """
import sys, json, struct
import numpy as np
data = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
buf = data[8 + n:]
for name in sorted(k for k in header if k != "__metadata__"):
    e = header[name]
    b, end = e["data_offsets"]
    arr = np.frombuffer(buf[b:end], dtype="<f4").reshape(e["shape"])
    print(name, e["dtype"], list(arr.shape), " ".join(repr(float(v)) for v in arr.ravel()))
""";
        string? stdout = SystemPython.Run(script, ["numpy"], path);
        if (stdout == null)
        {
            Skip.If(true, "/usr/bin/python3 with numpy is not available.");
            return;
        }
        var lines = stdout.Trim().Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal("a F32 [2, 1] -0.5 4.0", lines[0]);
        Assert.Equal("b F32 [3] 1.0 2.0 3.0", lines[1]);
    }

    [Fact]
    public void RejectsFileShorterThanTheSizeField()
        => Assert.Contains("fewer than the 8-byte header size", Corrupt([1, 0, 0]).Message);

    [Fact]
    public void RejectsHeaderSizeLargerThanTheFile()
    {
        var e = Corrupt(Build("{}", [], headerSize: 1_000_000));
        Assert.Contains("header size 1000000 is larger than", e.Message);
        Assert.Contains("bad.safetensors", e.Message);
    }

    [Fact]
    public void RejectsTruncatedBuffer()
    {
        var bytes = SafeTensors.Encode(Sample());
        var e = Corrupt(bytes[..^5]);
        Assert.Contains("beyond the", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void RejectsInvalidJson()
        => Assert.Contains("not valid JSON", Corrupt(Build("{\"a\": {\"dtype\": \"F32\",", [])).Message);

    [Fact]
    public void RejectsNonObjectHeader()
        => Assert.Contains("expected an object", Corrupt(Build("[1, 2]", [])).Message);

    [Fact]
    public void RejectsMissingField()
        => Assert.Contains("tensor 'a' has no 'data_offsets'", Corrupt(Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4])).Message);

    [Fact]
    public void RejectsUnknownDtype()
        => Assert.Contains("unknown dtype 'F8_E4M3'", Corrupt(Build("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])).Message);

    [Fact]
    public void RejectsOffsetsOutOfRange()
        => Assert.Contains("data_offsets [0, 8] beyond the 4-byte data buffer", Corrupt(Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4])).Message);

    [Fact]
    public void RejectsSizeMismatchWithShape()
    {
        var e = Corrupt(Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]));
        Assert.Contains("needs 12 bytes", e.Message);
        Assert.Contains("span 8", e.Message);
    }

    [Fact]
    public void RejectsOverlappingOffsets()
    {
        const string json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Assert.Contains("overlaps tensor 'a'", Corrupt(Build(json, new byte[12])).Message);
    }

    [Fact]
    public void RejectsGapInOffsets()
    {
        const string json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Assert.Contains("gap of 4 bytes", Corrupt(Build(json, new byte[12])).Message);
    }

    [Fact]
    public void RejectsTrailingBytes()
        => Assert.Contains("2 trailing bytes", Corrupt(Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[3])).Message);

    [Fact]
    public void RejectsNegativeDimension()
        => Assert.Contains("negative dimension -2", Corrupt(Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,0]}}", [])).Message);

    [Fact]
    public void RejectsDuplicateNames()
    {
        const string json = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}";
        Assert.Contains("'a' appears twice", Corrupt(Build(json, new byte[2])).Message);
    }

    [Fact]
    public void RejectsNonStringMetadata()
        => Assert.Contains("metadata value 'step'", Corrupt(Build("{\"__metadata__\":{\"step\":3}}", [])).Message);

    [Fact]
    public void NeverCrashesOnRandomCorruption()
    {
        var good = SafeTensors.Encode(Sample());
        var gen = new Generator(17);
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])good.Clone();
            int flips = 1 + gen.NextInt(4);
            for (int f = 0; f < flips; f++) bytes[gen.NextInt(bytes.Length)] = (byte)gen.NextInt(256);
            if (gen.NextInt(4) == 0) bytes = bytes[..gen.NextInt(bytes.Length)];
            try
            {
                SafeTensors.Decode(bytes);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void RejectsReservedOrEmptyNamesWhenWriting()
    {
        Assert.Throws<ArgumentException>(() => SafeTensors.Encode(new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Zeros(1) }));
        Assert.Throws<ArgumentException>(() => SafeTensors.Encode(new Dictionary<string, Tensor> { [""] = Tensor.Zeros(1) }));
    }
}
