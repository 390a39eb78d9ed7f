using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Layer normalization (Ba et al., 2016): each sample is standardized over its trailing axes of
/// <c>normalizedShape</c>, then scaled and shifted elementwise.
/// </summary>
public sealed class LayerNorm : NormalizationLayer
{
    private readonly int[] _normalizedShape;

    /// <summary>Normalizes over the trailing axes of the given shape.</summary>
    /// <param name="normalizedShape">The trailing shape of the input to normalize over.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="elementwiseAffine">Whether to learn a scale and shift of shape <paramref name="normalizedShape"/>.</param>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive size.</exception>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
        : base(CheckShape(normalizedShape), eps, elementwiseAffine)
        => _normalizedShape = (int[])normalizedShape.Clone();

    /// <summary>Normalizes over the last axis of size <paramref name="features"/>.</summary>
    public LayerNorm(int features, float eps = 1e-5f, bool elementwiseAffine = true) : this([features], eps, elementwiseAffine) { }

    /// <summary>The trailing shape normalized over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input's trailing axes are not <see cref="NormalizedShape"/>.</exception>
    public override Tensor Forward(Tensor x)
    {
        int k = _normalizedShape.Length;
        if (x.Rank < k || !x.Shape.AsSpan(x.Rank - k).SequenceEqual(_normalizedShape))
            throw new ArgumentException($"LayerNorm: input {ShapeUtil.Format(x.Shape)} does not end with the normalized shape {ShapeUtil.Format(_normalizedShape)}.", nameof(x));
        return Functional.LayerNorm(x, k, Weight, Bias, Eps);
    }

    private static int[] CheckShape(int[] shape)
    {
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: normalized shape {ShapeUtil.Format(shape)} must be non-empty with positive sizes.", nameof(shape));
        return shape;
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{ShapeUtil.Format(_normalizedShape)}, eps={Eps}, affine={Affine}";
}
