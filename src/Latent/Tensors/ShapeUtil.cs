namespace Latent.Tensors;

/// <summary>Shape arithmetic shared by the ops: sizes, strides, axes and NumPy broadcasting.</summary>
internal static class ShapeUtil
{
    public static int SizeOf(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int d in shape) size *= d;
        if (size > int.MaxValue) throw new ArgumentException($"Shape {Format(shape)} has more than {int.MaxValue} elements.");
        return (int)size;
    }

    public static int[] Validate(int[] shape)
    {
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
        return (int[])shape.Clone();
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    public static int NormalizeAxis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for a tensor of rank {rank}.");
        return a;
    }

    /// <summary>Sorted, distinct, non-negative axes; null or empty means every axis.</summary>
    public static int[] NormalizeAxes(int[]? axes, int rank, string op)
    {
        if (axes == null || axes.Length == 0) return Enumerable.Range(0, rank).ToArray();
        var result = new SortedSet<int>();
        foreach (int a in axes)
            if (!result.Add(NormalizeAxis(a, rank, op)))
                throw new ArgumentException($"{op}: axis {a} is given twice.");
        return result.ToArray();
    }

    public static int FlatIndex(int[] shape, int[] index)
    {
        if (index.Length != shape.Length)
            throw new ArgumentException($"Index of rank {index.Length} used on a tensor of shape {Format(shape)}.");
        int flat = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i])
                throw new IndexOutOfRangeException($"Index {index[i]} is out of range for dimension {i} of shape {Format(shape)}.");
            flat = flat * shape[i] + k;
        }
        return flat;
    }

    /// <summary>The NumPy broadcast of two shapes; throws naming the op and both shapes when they are incompatible.</summary>
    public static int[] Broadcast(int[] a, int[] b, string op)
    {
        if (SameShape(a, b)) return a;
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together.");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides of <paramref name="shape"/> viewed as <paramref name="target"/>, with 0 on broadcast dimensions.</summary>
    public static int[] BroadcastStrides(int[] shape, int[] target)
    {
        var strides = new int[target.Length];
        int offset = target.Length - shape.Length;
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i + offset] = shape[i] == 1 && target[i + offset] != 1 ? 0 : s;
            s *= shape[i];
        }
        return strides;
    }

    public static int[] ReducedShape(int[] shape, int[] axes, bool keepDim)
    {
        var list = new List<int>(shape.Length);
        for (int i = 0; i < shape.Length; i++)
        {
            if (Array.IndexOf(axes, i) >= 0)
            {
                if (keepDim) list.Add(1);
            }
            else list.Add(shape[i]);
        }
        return list.ToArray();
    }

    /// <summary>The shape with reduced axes kept as size 1, used to broadcast a reduction back over its input.</summary>
    public static int[] KeepDimShape(int[] shape, int[] axes)
    {
        var r = (int[])shape.Clone();
        foreach (int a in axes) r[a] = 1;
        return r;
    }

    /// <summary>Resolves a single -1 in a reshape target.</summary>
    public static int[] ResolveReshape(int[] from, int[] to)
    {
        int size = SizeOf(from);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < to.Length; i++)
        {
            if (to[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape: target {Format(to)} has more than one -1.");
                infer = i;
            }
            else if (to[i] < 0) throw new ArgumentException($"Reshape: target {Format(to)} has a negative dimension.");
            else known *= to[i];
        }
        var result = (int[])to.Clone();
        if (infer >= 0)
        {
            if (known == 0 || size % known != 0)
                throw new ArgumentException($"Reshape: cannot reshape {Format(from)} into {Format(to)}.");
            result[infer] = (int)(size / known);
        }
        if (SizeOf(result) != size)
            throw new ArgumentException($"Reshape: cannot reshape {Format(from)} ({size} elements) into {Format(to)}.");
        return result;
    }
}
