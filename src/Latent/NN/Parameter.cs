using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Creates parameters: plain leaf <see cref="Tensor"/>s with <see cref="Tensor.RequiresGrad"/> set. Modules register
/// them with <c>RegisterParameter</c>.
/// </summary>
public static class Parameter
{
    /// <summary>Marks <paramref name="values"/> as requiring gradients and returns it (no copy is made).</summary>
    /// <exception cref="ArgumentException">The tensor is the result of an op rather than a leaf.</exception>
    public static Tensor Create(Tensor values)
    {
        if (!values.IsLeaf)
            throw new ArgumentException($"Parameter.Create: a parameter must be a leaf tensor, got the result of an op of shape {ShapeUtil.Format(values.Shape)}; use Detach() or Clone().");
        return values.RequireGrad();
    }

    /// <summary>A zero-filled parameter.</summary>
    public static Tensor Zeros(params int[] shape) => Tensor.Zeros(shape).RequireGrad();

    /// <summary>A one-filled parameter.</summary>
    public static Tensor Ones(params int[] shape) => Tensor.Ones(shape).RequireGrad();

    /// <summary>A parameter uniform in [−<paramref name="bound"/>, <paramref name="bound"/>).</summary>
    public static Tensor Uniform(int[] shape, float bound, Generator gen) => Tensor.Rand(shape, gen, -bound, bound).RequireGrad();
}
