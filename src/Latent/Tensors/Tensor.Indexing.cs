using Latent.Kernels;
namespace Latent.Tensors;

public sealed partial class Tensor
{
    // Index arguments: every op that takes or returns positions uses a Tensor of whole numbers (Gather, ScatterAdd,
    // IndexSelect, IndexAdd, Argmax/Argmin, Max/MinWithIndices, MaxPool2dWithIndices), so the output of one feeds
    // the next; the int[] overloads are conveniences for literal positions.

    /// <summary>Picks the slices given by the rank-1 index tensor <paramref name="indices"/> along <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentException">The indices are not rank 1 or not whole numbers.</exception>
    /// <exception cref="IndexOutOfRangeException">An index is outside the axis.</exception>
    public Tensor IndexSelect(int axis, Tensor indices) => IndexSelect(axis, IndexValues(indices, "IndexSelect"));

    /// <summary>The adjoint of <see cref="IndexSelect(int, Tensor)"/> with a rank-1 index tensor.</summary>
    /// <exception cref="ArgumentException">The indices are not rank 1, not whole numbers, or do not match the axis.</exception>
    public Tensor IndexAdd(int axis, Tensor indices, int size) => IndexAdd(axis, IndexValues(indices, "IndexAdd"), size);

    private static int[] IndexValues(Tensor indices, string op)
    {
        if (indices.Rank != 1) throw new ArgumentException($"{op}: indices must be rank 1, got {ShapeUtil.Format(indices.Shape)}.");
        var result = new int[indices.Size];
        for (int i = 0; i < result.Length; i++)
        {
            float v = indices.Storage[i];
            if (v != MathF.Floor(v) || !float.IsFinite(v)) throw new ArgumentException($"{op}: index {v} is not a whole number.");
            result[i] = (int)v;
        }
        return result;
    }

    /// <summary>Picks the slices <paramref name="indices"/> along <paramref name="axis"/> (indices may repeat).</summary>
    /// <exception cref="IndexOutOfRangeException">An index is outside the axis.</exception>
    public Tensor IndexSelect(int axis, int[] indices)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "IndexSelect");
        CheckIndices(indices, Shape[a], "IndexSelect");
        var shape = (int[])Shape.Clone();
        shape[a] = indices.Length;
        var y = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), shape);
        (int outer, int inner) = OuterInner(Shape, a);
        int n = Shape[a];
        if (inner == 1)
        {
            // Picking single values (columns of a matrix): a plain loop, not a copy call per value.
            var src = Storage;
            var dst = y.Storage;
            for (int o = 0; o < outer; o++)
            {
                int from = o * n, to = o * indices.Length;
                for (int j = 0; j < indices.Length; j++) dst[to + j] = src[from + indices[j]];
            }
        }
        else
        {
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < indices.Length; j++)
                    Array.Copy(Storage, (o * n + indices[j]) * inner, y.Storage, (o * indices.Length + j) * inner, inner);
        }
        int size = n;
        return Record(y, "IndexSelect", this, g => g.IndexAdd(a, indices, size));
    }

    /// <summary>
    /// The adjoint of <see cref="IndexSelect(int, int[])"/>: a tensor with <paramref name="size"/> slices along <paramref name="axis"/>,
    /// zero except that slice j of this tensor is added into slice indices[j].
    /// </summary>
    public Tensor IndexAdd(int axis, int[] indices, int size)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "IndexAdd");
        if (indices.Length != Shape[a])
            throw new ArgumentException($"IndexAdd: {indices.Length} indices for axis {axis} of {ShapeUtil.Format(Shape)}.");
        CheckIndices(indices, size, "IndexAdd");
        var shape = (int[])Shape.Clone();
        shape[a] = size;
        var y = Zeros(shape);
        (int outer, int inner) = OuterInner(Shape, a);
        if (inner == 1)
        {
            var src = Storage;
            var dst = y.Storage;
            for (int o = 0; o < outer; o++)
            {
                int from = o * indices.Length, to = o * size;
                for (int j = 0; j < indices.Length; j++) dst[to + indices[j]] += src[from + j];
            }
        }
        else
        {
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < indices.Length; j++)
                {
                    var dst = y.Storage.AsSpan((o * size + indices[j]) * inner, inner);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, Storage.AsSpan((o * indices.Length + j) * inner, inner), dst);
                }
        }
        return Record(y, "IndexAdd", this, g => g.IndexSelect(a, indices));
    }

    /// <summary>
    /// out[i][j][k] = this[i][index[i][j][k]][k] for axis 1 (and likewise for any axis). <paramref name="index"/> holds
    /// integer values, has this tensor's rank, and no dimension larger than this tensor's outside <paramref name="axis"/>.
    /// </summary>
    public Tensor Gather(int axis, Tensor index)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "Gather");
        var offsets = ScatterOffsets(a, index, Shape, "Gather");
        var y = new Tensor(NewStorage(index.Size), (int[])index.Shape.Clone());
        for (int k = 0; k < offsets.Length; k++) y.Storage[k] = Storage[offsets[k]];
        var source = Shape;
        return Record(y, "Gather", this, g => ScatterIntoZeros(source, offsets, g, a, index));
    }

    /// <summary>
    /// A copy of this tensor with src[i][j][k] added at [i][index[i][j][k]][k] for axis 1 (likewise for any axis).
    /// Gradients flow to this tensor and to <paramref name="src"/>.
    /// </summary>
    public Tensor ScatterAdd(int axis, Tensor index, Tensor src)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "ScatterAdd");
        if (!ShapeUtil.SameShape(index.Shape, src.Shape))
            throw new ArgumentException($"ScatterAdd: index {ShapeUtil.Format(index.Shape)} and source {ShapeUtil.Format(src.Shape)} differ.");
        var offsets = ScatterOffsets(a, index, Shape, "ScatterAdd");
        var y = Clone();
        for (int k = 0; k < offsets.Length; k++) y.Storage[offsets[k]] += src.Storage[k];
        return Record(y, "ScatterAdd", [this, src], (g, n) => [n[0] ? g : null, n[1] ? g.Gather(a, index) : null]);
    }

    /// <summary>Gather's gradient: zeros of <paramref name="shape"/> with g scattered in at the offsets the forward computed.</summary>
    private static Tensor ScatterIntoZeros(int[] shape, int[] offsets, Tensor g, int axis, Tensor index)
    {
        var gx = Zeros(shape);
        for (int k = 0; k < offsets.Length; k++) gx.Storage[offsets[k]] += g.Storage[k];
        return Record(gx, "ScatterAdd", g, h => h.Gather(axis, index));
    }

    /// <summary>Flat offsets into a tensor of <paramref name="shape"/> addressed by <paramref name="index"/> along axis a.</summary>
    private static int[] ScatterOffsets(int a, Tensor index, int[] shape, string op)
    {
        if (index.Rank != shape.Length)
            throw new ArgumentException($"{op}: index {ShapeUtil.Format(index.Shape)} must have the rank of {ShapeUtil.Format(shape)}.");
        for (int d = 0; d < shape.Length; d++)
            if (d != a && index.Shape[d] > shape[d])
                throw new ArgumentException($"{op}: index {ShapeUtil.Format(index.Shape)} is larger than {ShapeUtil.Format(shape)} on axis {d}.");
        var strides = CopyKernels.Strides(shape);
        var offsets = new int[index.Size];
        var idx = new int[shape.Length];
        for (int k = 0; k < index.Size; k++)
        {
            float v = index.Storage[k];
            int target = (int)v;
            if (target != v || target < 0 || target >= shape[a])
                throw new IndexOutOfRangeException($"{op}: index value {v} is not a valid position on axis {a} of size {shape[a]}.");
            int off = 0;
            for (int d = 0; d < shape.Length; d++) off += (d == a ? target : idx[d]) * strides[d];
            offsets[k] = off;
            for (int d = shape.Length - 1; d >= 0; d--) { if (++idx[d] < index.Shape[d]) break; idx[d] = 0; }
        }
        return offsets;
    }

    private static (int Outer, int Inner) OuterInner(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, inner);
    }

    private static void CheckIndices(int[] indices, int size, string op)
    {
        foreach (int i in indices)
            if (i < 0 || i >= size)
                throw new IndexOutOfRangeException($"{op}: index {i} is outside an axis of size {size}.");
    }
}
