using Latent.Tensors;

namespace Latent.NN;

/// <summary>Flattens axes <c>startAxis</c> … <c>endAxis</c> into one (by default every axis after the batch axis).</summary>
public sealed class Flatten(int startAxis = 1, int endAxis = -1) : Module
{
    /// <summary>First axis to merge.</summary>
    public int StartAxis { get; } = startAxis;

    /// <summary>Last axis to merge.</summary>
    public int EndAxis { get; } = endAxis;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Flatten(StartAxis, EndAxis);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"start={StartAxis}, end={EndAxis}";
}

/// <summary>Splits axis <c>axis</c> into the given shape, the inverse of <see cref="Flatten"/>.</summary>
public sealed class Unflatten : Module
{
    private readonly int[] _shape;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis to split (negative counts from the end).</param>
    /// <param name="shape">The sizes that axis becomes; their product must equal its size.</param>
    public Unflatten(int axis, params int[] shape)
    {
        if (shape.Length == 0) throw new ArgumentException("Unflatten: the target shape is empty.", nameof(shape));
        Axis = axis;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The axis that is split.</summary>
    public int Axis { get; }

    /// <summary>The sizes the axis becomes.</summary>
    public IReadOnlyList<int> UnflattenedShape => _shape;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The axis size differs from the product of the target shape.</exception>
    public override Tensor Forward(Tensor x)
    {
        int a = Axis < 0 ? Axis + x.Rank : Axis;
        if (a < 0 || a >= x.Rank)
            throw new ArgumentException($"Unflatten: axis {Axis} is out of range for input {ShapeUtil.Format(x.Shape)}.", nameof(x));
        int product = 1;
        foreach (int d in _shape) product *= d;
        if (product != x.Shape[a])
            throw new ArgumentException($"Unflatten: axis {Axis} of {ShapeUtil.Format(x.Shape)} has size {x.Shape[a]}, which {ShapeUtil.Format(_shape)} does not fill.", nameof(x));
        var shape = x.Shape.Take(a).Concat(_shape).Concat(x.Shape.Skip(a + 1)).ToArray();
        return x.Reshape(shape);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"axis={Axis}, shape={ShapeUtil.Format(_shape)}";
}
