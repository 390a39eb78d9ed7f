using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// NICE's diagonal scaling layer: z = x·exp(s) with a learned log-scale s per dimension (zero at the start), so that
/// log|det J| = Σ s for every example. It lets a volume-preserving stack of additive couplings change volume.
/// </summary>
public sealed class DiagonalScaling : FlowLayer
{
    /// <summary>Creates the layer for examples of <paramref name="shape"/>, starting as the identity.</summary>
    public DiagonalScaling(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(s => s <= 0))
            throw new ArgumentException($"DiagonalScaling: an example shape needs positive sizes, got [{string.Join(", ", shape)}].", nameof(shape));
        RegisterParameter("log_scale", Tensor.Zeros(shape));
    }

    /// <summary>The log-scale s, one per dimension.</summary>
    public Tensor LogScale => Get("log_scale");

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the layer's shape.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, LogScale.Shape, nameof(Transform));
        return (x * LogScale.Exp(), Tensor.Zeros(x.Shape[0]) + LogScale.Sum());
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the layer's shape.</exception>
    public override Tensor Inverse(Tensor z)
    {
        RequireShape(z, LogScale.Shape, nameof(Inverse));
        return z * (-LogScale).Exp();
    }
}
