using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Latent.IO;

/// <summary>Names, item sizes and float conversion of <see cref="SafeTensorDType"/> values.</summary>
internal static class SafeTensorDTypes
{
    private static readonly Dictionary<string, SafeTensorDType> ByName = new(StringComparer.Ordinal)
    {
        ["F64"] = SafeTensorDType.F64,
        ["F32"] = SafeTensorDType.F32,
        ["F16"] = SafeTensorDType.F16,
        ["BF16"] = SafeTensorDType.BF16,
        ["I64"] = SafeTensorDType.I64,
        ["I32"] = SafeTensorDType.I32,
        ["I16"] = SafeTensorDType.I16,
        ["I8"] = SafeTensorDType.I8,
        ["U8"] = SafeTensorDType.U8,
        ["BOOL"] = SafeTensorDType.Bool,
    };

    public static string SupportedNames => string.Join(", ", ByName.Keys);

    public static bool TryParse(string name, out SafeTensorDType dtype) => ByName.TryGetValue(name, out dtype);

    public static int ItemSize(SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F64 or SafeTensorDType.I64 => 8,
        SafeTensorDType.F32 or SafeTensorDType.I32 => 4,
        SafeTensorDType.F16 or SafeTensorDType.BF16 or SafeTensorDType.I16 => 2,
        _ => 1,
    };

    /// <summary>Converts little-endian elements of <paramref name="dtype"/> in <paramref name="bytes"/> to floats.</summary>
    public static void ToFloat(SafeTensorDType dtype, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (dtype == SafeTensorDType.F32 && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
            return;
        }
        int size = ItemSize(dtype);
        for (int i = 0; i < destination.Length; i++)
        {
            var b = bytes.Slice(i * size, size);
            destination[i] = dtype switch
            {
                SafeTensorDType.F64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                SafeTensorDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(b),
                SafeTensorDType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                SafeTensorDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                SafeTensorDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                SafeTensorDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(b),
                SafeTensorDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(b),
                SafeTensorDType.I8 => (sbyte)b[0],
                SafeTensorDType.U8 => b[0],
                _ => b[0] != 0 ? 1f : 0f,
            };
        }
    }
}
