namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Full(0f, shape);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), ShapeUtil.Validate(shape));
        t.Storage.AsSpan().Fill(value);
        return t;
    }

    /// <summary>A one-element tensor of rank 0.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>Zeros shaped like <paramref name="t"/>.</summary>
    public static Tensor ZerosLike(Tensor t) => Zeros(t.Shape);

    /// <summary>Ones shaped like <paramref name="t"/>.</summary>
    public static Tensor OnesLike(Tensor t) => Ones(t.Shape);

    /// <summary>A tensor shaped like <paramref name="t"/> filled with <paramref name="value"/>.</summary>
    public static Tensor FullLike(Tensor t, float value) => Full(value, t.Shape);

    /// <summary>A one-dimensional tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor FromArray(float[] values) => new((float[])values.Clone(), [values.Length]);

    /// <summary>
    /// A tensor of exactly <paramref name="shape"/> holding a copy of <paramref name="values"/>; an empty shape gives a
    /// rank-0 tensor of one value (<c>Tensor.FromArray([2f], [])</c>), as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape, or a dimension is negative.</exception>
    public static Tensor FromArray(float[] values, params int[] shape) => new((float[])values.Clone(), ShapeUtil.Validate(shape));

    /// <summary>A matrix from a rectangular array.</summary>
    public static Tensor FromArray(float[,] values)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var data = new float[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                data[i * c + j] = values[i, j];
        return new Tensor(data, [r, c]);
    }

    /// <summary>Values start, start+step, … below end (like NumPy's arange).</summary>
    /// <exception cref="ArgumentException">The step is zero or points away from end.</exception>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0 || (end - start) / step < 0)
            throw new ArgumentException($"Arange: step {step} cannot go from {start} to {end}.");
        int n = (int)Math.Ceiling((end - start) / (double)step);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)(start + i * (double)step);
        return new Tensor(data, [n]);
    }

    /// <summary>Values 0, 1, …, n−1.</summary>
    public static Tensor Arange(int n) => Arange(0, n);

    /// <summary><paramref name="count"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(float start, float end, int count)
    {
        if (count < 0) throw new ArgumentException($"Linspace: count {count} is negative.");
        var data = new float[count];
        for (int i = 0; i < count; i++)
            data[i] = count == 1 ? start : (float)(start + (end - start) * (double)i / (count - 1));
        return new Tensor(data, [count]);
    }

    /// <summary>The n×n identity matrix.</summary>
    public static Tensor Eye(int n)
    {
        var t = Zeros(n, n);
        for (int i = 0; i < n; i++) t.Storage[i * n + i] = 1;
        return t;
    }
}
