using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>The same values with a new shape (one dimension may be −1). Shares storage with this tensor.</summary>
    /// <exception cref="ArgumentException">The sizes do not match.</exception>
    public Tensor Reshape(params int[] shape)
    {
        var target = ShapeUtil.ResolveReshape(Shape, shape);
        if (ShapeUtil.SameShape(target, Shape) && !RequiresGrad) return this;
        var y = new Tensor(Storage, target);
        var source = Shape;
        return Record(y, "Reshape", this, g => g.Reshape(source));
    }

    /// <summary>Flattens axes <paramref name="startAxis"/> … <paramref name="endAxis"/> into one.</summary>
    public Tensor Flatten(int startAxis = 0, int endAxis = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = ShapeUtil.NormalizeAxis(startAxis, Rank, "Flatten"), e = ShapeUtil.NormalizeAxis(endAxis, Rank, "Flatten");
        var shape = new List<int>();
        for (int i = 0; i < s; i++) shape.Add(Shape[i]);
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= Shape[i];
        shape.Add(merged);
        for (int i = e + 1; i < Rank; i++) shape.Add(Shape[i]);
        return Reshape(shape.ToArray());
    }

    /// <summary>Inserts an axis of size 1 at <paramref name="axis"/>.</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank + 1, "Unsqueeze");
        var shape = Shape.ToList();
        shape.Insert(a, 1);
        return Reshape(shape.ToArray());
    }

    /// <summary>Removes an axis of size 1 (or every size-1 axis when <paramref name="axis"/> is null).</summary>
    public Tensor Squeeze(int? axis = null)
    {
        if (axis is int ax)
        {
            int a = ShapeUtil.NormalizeAxis(ax, Rank, "Squeeze");
            if (Shape[a] != 1) throw new ArgumentException($"Squeeze: axis {ax} of {ShapeUtil.Format(Shape)} has size {Shape[a]}, not 1.");
            var s = Shape.ToList();
            s.RemoveAt(a);
            return Reshape(s.ToArray());
        }
        return Reshape(Shape.Where(d => d != 1).ToArray());
    }

    /// <summary>Reorders the axes: result axis i is this tensor's axis <paramref name="perm"/>[i].</summary>
    public Tensor Permute(params int[] perm)
    {
        if (perm.Length != Rank) throw new ArgumentException($"Permute: {perm.Length} axes given for {ShapeUtil.Format(Shape)}.");
        var p = perm.Select(a => ShapeUtil.NormalizeAxis(a, Rank, "Permute")).ToArray();
        if (p.Distinct().Count() != Rank) throw new ArgumentException($"Permute: [{string.Join(", ", perm)}] is not a permutation.");
        var shape = p.Select(a => Shape[a]).ToArray();
        var y = new Tensor(NewStorage(Size), shape);
        CopyKernels.Permute(Storage, Shape, p, y.Storage);
        var inverse = new int[Rank];
        for (int i = 0; i < Rank; i++) inverse[p[i]] = i;
        return Record(y, "Permute", this, g => g.Permute(inverse));
    }

    /// <summary>Swaps two axes.</summary>
    public Tensor Transpose(int axis0 = -2, int axis1 = -1)
    {
        int a = ShapeUtil.NormalizeAxis(axis0, Rank, "Transpose"), b = ShapeUtil.NormalizeAxis(axis1, Rank, "Transpose");
        var perm = Enumerable.Range(0, Rank).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>The matrix transpose of a 2-D tensor (swaps the last two axes of higher ranks).</summary>
    public Tensor T => Transpose(-2, -1);

    /// <summary>Broadcasts to <paramref name="shape"/> (NumPy rules), copying the values.</summary>
    public Tensor Expand(params int[] shape)
    {
        var target = ShapeUtil.Broadcast(Shape, shape, "Expand");
        if (!ShapeUtil.SameShape(target, shape))
            throw new ArgumentException($"Expand: {ShapeUtil.Format(Shape)} cannot be expanded to {ShapeUtil.Format(shape)}.");
        if (ShapeUtil.SameShape(target, Shape)) return this;
        var y = new Tensor(ExpandData(target), (int[])target.Clone());
        var source = Shape;
        return Record(y, "Expand", this, g => g.SumTo(source));
    }

    /// <summary>Tiles the tensor <paramref name="repeats"/>[i] times along each axis.</summary>
    public Tensor Repeat(params int[] repeats)
    {
        if (repeats.Length < Rank) throw new ArgumentException($"Repeat: {repeats.Length} repeats for {ShapeUtil.Format(Shape)}.");
        var src = Reshape(Enumerable.Repeat(1, repeats.Length - Rank).Concat(Shape).ToArray());
        var interleaved = new List<int>();
        var expanded = new List<int>();
        var final = new int[repeats.Length];
        for (int i = 0; i < repeats.Length; i++)
        {
            interleaved.Add(1); interleaved.Add(src.Shape[i]);
            expanded.Add(repeats[i]); expanded.Add(src.Shape[i]);
            final[i] = repeats[i] * src.Shape[i];
        }
        return src.Reshape(interleaved.ToArray()).Expand(expanded.ToArray()).Reshape(final);
    }

    /// <summary>The slice [start, start+length) along <paramref name="axis"/> (negative start counts from the end).</summary>
    public Tensor Narrow(int axis, int start, int length)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "Narrow");
        if (start < 0) start += Shape[a];
        if (start < 0 || length < 0 || start + length > Shape[a])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: [{start}, {start + length}) is outside axis {axis} of {ShapeUtil.Format(Shape)}.");
        var shape = (int[])Shape.Clone();
        shape[a] = length;
        var y = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), shape);
        var offset = new int[Rank];
        offset[a] = start;
        CopyKernels.CopyBox(Storage, Shape, offset, y.Storage, shape, new int[Rank], shape);
        int before = start, after = Shape[a] - start - length;
        return Record(y, "Narrow", this, g => g.PadAxis(a, before, after));
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="axis"/>, with that axis removed.</summary>
    public Tensor Select(int axis, int index)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "Select");
        return Narrow(a, index < 0 ? index + Shape[a] : index, 1).Squeeze(a);
    }

    /// <summary>Pads along one axis with a constant.</summary>
    public Tensor PadAxis(int axis, int before, int after, float value = 0f)
    {
        var pads = new (int, int)[Rank];
        pads[ShapeUtil.NormalizeAxis(axis, Rank, "Pad")] = (before, after);
        return Pad(pads, value);
    }

    /// <summary>Pads with a constant; <paramref name="pads"/>[i] = (before, after) for axis i.</summary>
    /// <exception cref="ArgumentException">The pad list does not match the rank or has negative entries.</exception>
    public Tensor Pad((int Before, int After)[] pads, float value = 0f)
    {
        if (pads.Length != Rank) throw new ArgumentException($"Pad: {pads.Length} pad pairs for {ShapeUtil.Format(Shape)}.");
        if (pads.Any(p => p.Before < 0 || p.After < 0)) throw new ArgumentException("Pad: pads must be non-negative; use Narrow to crop.");
        var shape = Shape.Select((d, i) => d + pads[i].Before + pads[i].After).ToArray();
        var y = Full(value, shape);
        var offset = pads.Select(p => p.Before).ToArray();
        CopyKernels.CopyBox(Storage, Shape, new int[Rank], y.Storage, shape, offset, Shape);
        var source = Shape;
        return Record(y, "Pad", this, g => g.Crop(offset, source));
    }

    /// <summary>
    /// Pads with a constant, or by reflecting or replicating the border (<paramref name="pads"/>[i] = (before, after) for
    /// axis i). Reflection and replication are index selections along each padded axis, so their gradients (sums of
    /// the mirrored positions) are differentiable again.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The pad list does not match the rank or has negative entries, a reflection pad is not smaller than its axis,
    /// or a replicated axis is empty.
    /// </exception>
    public Tensor Pad((int Before, int After)[] pads, PaddingMode mode, float value = 0f)
    {
        if (mode == PaddingMode.Constant) return Pad(pads, value);
        if (pads.Length != Rank) throw new ArgumentException($"Pad: {pads.Length} pad pairs for {ShapeUtil.Format(Shape)}.");
        if (pads.Any(p => p.Before < 0 || p.After < 0)) throw new ArgumentException("Pad: pads must be non-negative; use Narrow to crop.");
        var y = this;
        for (int a = 0; a < Rank; a++)
        {
            var (before, after) = pads[a];
            if (before == 0 && after == 0) continue;
            int size = Shape[a];
            if (mode == PaddingMode.Reflect && (before >= size || after >= size))
                throw new ArgumentException($"Pad: reflection pads ({before}, {after}) must be smaller than axis {a} of {ShapeUtil.Format(Shape)}.");
            if (size == 0) throw new ArgumentException($"Pad: cannot replicate the empty axis {a} of {ShapeUtil.Format(Shape)}.");
            var map = new int[before + size + after];
            for (int j = 0; j < map.Length; j++)
            {
                int src = j - before;
                map[j] = mode == PaddingMode.Reflect
                    ? (src < 0 ? -src : src >= size ? 2 * (size - 1) - src : src)
                    : Math.Clamp(src, 0, size - 1);
            }
            y = y.IndexSelect(a, map);
        }
        return ReferenceEquals(y, this) ? MulScalar(1) : y;
    }

    /// <summary>The box of shape <paramref name="box"/> starting at <paramref name="offset"/>.</summary>
    internal Tensor Crop(int[] offset, int[] box)
    {
        var y = new Tensor(NewStorage(ShapeUtil.SizeOf(box)), (int[])box.Clone());
        CopyKernels.CopyBox(Storage, Shape, offset, y.Storage, box, new int[Rank], box);
        var pads = offset.Select((o, i) => (o, Shape[i] - o - box[i])).ToArray();
        return Record(y, "Crop", this, g => g.Pad(pads));
    }

    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    public static Tensor Concat(Tensor[] tensors, int axis = 0)
    {
        if (tensors.Length == 0) throw new ArgumentException("Concat: no tensors given.");
        var first = tensors[0];
        int a = ShapeUtil.NormalizeAxis(axis, first.Rank, "Concat");
        int total = 0;
        foreach (var t in tensors)
        {
            bool ok = t.Rank == first.Rank;
            for (int i = 0; ok && i < t.Rank; i++) ok = i == a || t.Shape[i] == first.Shape[i];
            if (!ok) throw new ArgumentException($"Concat: shapes {ShapeUtil.Format(first.Shape)} and {ShapeUtil.Format(t.Shape)} differ outside axis {axis}.");
            total += t.Shape[a];
        }
        var shape = (int[])first.Shape.Clone();
        shape[a] = total;
        var y = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), shape);
        var starts = new int[tensors.Length];
        int at = 0;
        for (int k = 0; k < tensors.Length; k++)
        {
            starts[k] = at;
            var offset = new int[shape.Length];
            offset[a] = at;
            CopyKernels.CopyBox(tensors[k].Storage, tensors[k].Shape, new int[shape.Length], y.Storage, shape, offset, tensors[k].Shape);
            at += tensors[k].Shape[a];
        }
        return Record(y, "Concat", tensors, (g, n) =>
        {
            var grads = new Tensor?[tensors.Length];
            for (int k = 0; k < tensors.Length; k++)
                if (n[k]) grads[k] = g.Narrow(a, starts[k], tensors[k].Shape[a]);
            return grads;
        });
    }

    /// <summary>Stacks equally shaped tensors along a new axis.</summary>
    public static Tensor Stack(Tensor[] tensors, int axis = 0)
    {
        if (tensors.Length == 0) throw new ArgumentException("Stack: no tensors given.");
        foreach (var t in tensors)
            if (!ShapeUtil.SameShape(t.Shape, tensors[0].Shape))
                throw new ArgumentException($"Stack: shapes {ShapeUtil.Format(tensors[0].Shape)} and {ShapeUtil.Format(t.Shape)} differ.");
        int a = ShapeUtil.NormalizeAxis(axis, tensors[0].Rank + 1, "Stack");
        return Concat(tensors.Select(t => t.Unsqueeze(a)).ToArray(), a);
    }

    /// <summary>Splits along an axis into pieces of the given sizes.</summary>
    public Tensor[] Split(int[] sizes, int axis = 0)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "Split");
        if (sizes.Sum() != Shape[a] || sizes.Any(s => s < 0))
            throw new ArgumentException($"Split: sizes [{string.Join(", ", sizes)}] do not add up to axis {axis} of {ShapeUtil.Format(Shape)}.");
        var parts = new Tensor[sizes.Length];
        for (int k = 0, at = 0; k < sizes.Length; at += sizes[k], k++) parts[k] = Narrow(a, at, sizes[k]);
        return parts;
    }

    /// <summary>Splits along an axis into <paramref name="chunks"/> pieces of equal size (the last may be smaller).</summary>
    public Tensor[] Chunk(int chunks, int axis = 0)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank, "Chunk");
        if (chunks <= 0) throw new ArgumentException($"Chunk: number of chunks must be positive, got {chunks}.");
        int per = (Shape[a] + chunks - 1) / chunks;
        var sizes = new List<int>();
        for (int left = Shape[a]; left > 0; left -= per) sizes.Add(Math.Min(per, left));
        return Split(sizes.ToArray(), a);
    }

    /// <summary>Reverses the order of elements along <paramref name="axes"/>.</summary>
    public Tensor Flip(params int[] axes)
    {
        var ax = ShapeUtil.NormalizeAxes(axes, Rank, "Flip");
        var y = new Tensor(NewStorage(Size), (int[])Shape.Clone());
        var strides = CopyKernels.Strides(Shape);
        var idx = new int[Rank];
        var flip = new bool[Rank];
        foreach (int a in ax) flip[a] = true;
        for (int k = 0; k < Size; k++)
        {
            int src = 0;
            for (int d = 0; d < Rank; d++) src += (flip[d] ? Shape[d] - 1 - idx[d] : idx[d]) * strides[d];
            y.Storage[k] = Storage[src];
            for (int d = Rank - 1; d >= 0; d--) { if (++idx[d] < Shape[d]) break; idx[d] = 0; }
        }
        return Record(y, "Flip", this, g => g.Flip(ax));
    }
}
