using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// An invertible layer of a normalizing flow. <see cref="Transform"/> maps a batch x [B, ...] to z of the same shape
/// together with log|det ∂z/∂x| of each example [B]; <see cref="Inverse"/> maps z back to x. As a <see cref="Module"/>,
/// <see cref="Forward"/> returns z alone.
/// </summary>
public abstract class FlowLayer : Module
{
    /// <summary>z = f(x) and log|det J_f(x)| per example.</summary>
    /// <param name="x">A batch [B, ...].</param>
    /// <returns>z with the shape of <paramref name="x"/>, and the log-determinants [B].</returns>
    public abstract (Tensor Z, Tensor LogDet) Transform(Tensor x);

    /// <summary>x = f⁻¹(z).</summary>
    /// <param name="z">A batch [B, ...].</param>
    public abstract Tensor Inverse(Tensor z);

    /// <summary>z = f(x) without the log-determinant.</summary>
    public sealed override Tensor Forward(Tensor x) => Transform(x).Z;

    /// <summary>Σ over every axis but the first: [B, ...] → [B].</summary>
    protected static Tensor SumPerExample(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.Rank == 1 ? t : t.Reshape(t.Shape[0], t.Size / Math.Max(1, t.Shape[0])).Sum(1);
    }

    /// <summary>Throws unless <paramref name="x"/> is a batch of examples shaped <paramref name="exampleShape"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    protected void RequireShape(Tensor x, int[] exampleShape, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != exampleShape.Length + 1 || !x.Shape.AsSpan(1).SequenceEqual(exampleShape))
            throw new ArgumentException($"{GetType().Name}.{op}: expected a batch [B, {string.Join(", ", exampleShape)}], got [{string.Join(", ", x.Shape)}].", nameof(x));
    }
}
