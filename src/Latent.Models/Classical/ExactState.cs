using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// Doubles stored bit for bit in checkpoint tensors: each double becomes the two 32-bit halves of its bit pattern,
/// reinterpreted as floats, so that an EM or closed-form model resumes with exactly the parameters it saved.
/// </summary>
internal static class ExactState
{
    public static void Put(IDictionary<string, Tensor> tensors, string name, ReadOnlySpan<double> values)
    {
        var t = Tensor.Zeros(Math.Max(1, 2 * values.Length));
        var data = t.Data;
        for (int i = 0; i < values.Length; i++)
        {
            long bits = BitConverter.DoubleToInt64Bits(values[i]);
            data[2 * i] = BitConverter.Int32BitsToSingle((int)(bits >> 32));
            data[2 * i + 1] = BitConverter.Int32BitsToSingle((int)bits);
        }
        tensors[name] = values.Length == 0 ? Tensor.Zeros(0) : t;
    }

    public static double[] Get(IReadOnlyDictionary<string, Tensor> tensors, string name)
    {
        if (!tensors.TryGetValue(name, out var t)) throw new InvalidOperationException($"The checkpoint has no '{name}'.");
        var data = t.Data;
        var values = new double[data.Length / 2];
        for (int i = 0; i < values.Length; i++)
        {
            long hi = (long)BitConverter.SingleToInt32Bits(data[2 * i]) << 32;
            long lo = (uint)BitConverter.SingleToInt32Bits(data[2 * i + 1]);
            values[i] = BitConverter.Int64BitsToDouble(hi | lo);
        }
        return values;
    }
}
