using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// The contents of an IDX file of unsigned bytes: its dimensions (big-endian in the file) and its payload in
/// row-major order, as used by MNIST and Fashion-MNIST.
/// </summary>
public sealed class IdxArray
{
    /// <summary>Creates an IDX array, checking that the payload holds exactly the product of the dimensions.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the payload length does not match.</exception>
    public IdxArray(int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions.Length == 0)
            throw new ArgumentException("An IDX array needs at least one dimension.", nameof(dimensions));
        long size = 1;
        foreach (int d in dimensions)
        {
            if (d < 0) throw new ArgumentException($"IDX dimensions {ShapeUtil.Format(dimensions)} contain a negative value.", nameof(dimensions));
            size *= d;
        }
        if (size != data.Length)
            throw new ArgumentException($"IDX dimensions {ShapeUtil.Format(dimensions)} need {size} bytes, but {data.Length} were given.", nameof(data));
        Dimensions = (int[])dimensions.Clone();
        Data = data;
    }

    /// <summary>The size of each dimension; the first is the number of items. Do not modify.</summary>
    public int[] Dimensions { get; }

    /// <summary>The payload in row-major order. The array is shared, not copied.</summary>
    public byte[] Data { get; }

    /// <summary>The number of items (the first dimension).</summary>
    public int Count => Dimensions[0];
}
