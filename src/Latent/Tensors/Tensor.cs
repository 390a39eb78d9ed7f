using System.Globalization;
using System.Text;

namespace Latent.Tensors;

/// <summary>
/// A dense, row-major tensor of <see cref="float"/> values with reverse-mode automatic differentiation.
/// </summary>
/// <remarks>
/// Storage is always contiguous. <see cref="Reshape"/> shares storage with its source; every other op returns a new
/// tensor. Operations follow NumPy broadcasting rules. Setting <see cref="RequiresGrad"/> on a leaf makes every op
/// that consumes it record a backward rule, so that <see cref="Backward"/> or <c>Autograd.Grad</c> can compute
/// gradients, including gradients of gradients.
/// </remarks>
public sealed partial class Tensor
{
    internal readonly float[] Storage;
    private readonly int[] _shape;
    private bool _requiresGrad;

    /// <summary>The node that produced this tensor, or <c>null</c> for a leaf.</summary>
    internal Node? GradFn { get; set; }

    internal Tensor(float[] storage, int[] shape)
    {
        _shape = shape;
        Storage = storage;
        int size = ShapeUtil.SizeOf(shape);
        if (storage.Length != size)
            throw new ArgumentException($"Storage of length {storage.Length} does not match shape {ShapeUtil.Format(shape)} ({size} elements).");
    }

    /// <summary>Creates a tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public Tensor(ReadOnlySpan<float> values, params int[] shape) : this(values.ToArray(), ShapeUtil.Validate(shape)) { }

    /// <summary>The size of each dimension. Do not modify the returned array.</summary>
    public int[] Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The total number of elements.</summary>
    public int Size => Storage.Length;

    /// <summary>The elements in row-major order. Writing to the span changes the tensor outside autograd.</summary>
    public Span<float> Data => Storage;

    /// <summary>The size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[ShapeUtil.NormalizeAxis(axis, Rank, "Dim")];

    /// <summary>
    /// Whether gradients flow to this tensor. Only leaves may be switched; results of ops inherit it from their inputs.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!value && GradFn != null)
                throw new InvalidOperationException("RequiresGrad cannot be cleared on a tensor computed by an op; use Detach() instead.");
            _requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient after <see cref="Backward"/>, or <c>null</c>.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>True for tensors not produced by a recorded op.</summary>
    public bool IsLeaf => GradFn == null;

    /// <summary>An optional name used in error messages and state dicts.</summary>
    public string? Name { get; set; }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent construction.</summary>
    public Tensor RequireGrad(bool requires = true)
    {
        RequiresGrad = requires;
        return this;
    }

    /// <summary>Clears the accumulated gradient.</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>A tensor sharing this tensor's storage but cut off from the graph.</summary>
    public Tensor Detach() => new(Storage, _shape);

    /// <summary>A deep copy of the values, cut off from the graph.</summary>
    public Tensor Clone()
    {
        var copy = new Tensor(NewStorage(Size), (int[])_shape.Clone());
        Storage.AsSpan().CopyTo(copy.Storage);
        return copy;
    }

    /// <summary>The element at the given multi-index.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => Storage[ShapeUtil.FlatIndex(_shape, index)];
        set => Storage[ShapeUtil.FlatIndex(_shape, index)] = value;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float Item()
    {
        if (Size != 1)
            throw new InvalidOperationException($"Item() needs a tensor with one element, got shape {ShapeUtil.Format(_shape)}.");
        return Storage[0];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray() => (float[])Storage.Clone();

    /// <summary>Copies values from <paramref name="source"/> in place, outside autograd (used by optimizers and loaders).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyFrom(Tensor source)
    {
        if (!ShapeUtil.SameShape(_shape, source._shape))
            throw new ArgumentException($"CopyFrom: shape {ShapeUtil.Format(source._shape)} does not match {ShapeUtil.Format(_shape)}.");
        source.Storage.AsSpan().CopyTo(Storage);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor").Append(ShapeUtil.Format(_shape)).Append(' ');
        int shown = Math.Min(Size, 8);
        sb.Append('[');
        for (int i = 0; i < shown; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Storage[i].ToString("G5", CultureInfo.InvariantCulture));
        }
        if (shown < Size) sb.Append(", …");
        sb.Append(']');
        if (RequiresGrad) sb.Append(GradFn != null ? $" grad_fn={GradFn.Name}" : " requires_grad");
        return sb.ToString();
    }

    internal static float[] NewStorage(int size) => StoragePool.Rent(size);
}
