using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// Gives each example a new shape with the same values in the same order, e.g. [784] ↔ [1, 28, 28], so that
/// convolutional couplings can follow a flat input and a multi-scale flow can end flat. log|det J| = 0.
/// </summary>
public sealed class ReshapeFlow : FlowLayer
{
    private readonly int[] _from;
    private readonly int[] _to;

    /// <summary>Creates the layer from examples of <paramref name="from"/> to examples of <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentException">The two shapes do not hold the same number of values.</exception>
    public ReshapeFlow(int[] from, int[] to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        long a = from.Aggregate(1L, (p, s) => p * s), b = to.Aggregate(1L, (p, s) => p * s);
        if (from.Length == 0 || to.Length == 0 || from.Any(s => s <= 0) || to.Any(s => s <= 0) || a != b)
            throw new ArgumentException($"ReshapeFlow: [{string.Join(", ", from)}] and [{string.Join(", ", to)}] must be positive shapes with the same number of values.");
        _from = [.. from];
        _to = [.. to];
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples are not of the layer's input shape.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, _from, nameof(Transform));
        return (x.Reshape([x.Shape[0], .. _to]), Tensor.Zeros(x.Shape[0]));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples are not of the layer's output shape.</exception>
    public override Tensor Inverse(Tensor z)
    {
        RequireShape(z, _to, nameof(Inverse));
        return z.Reshape([z.Shape[0], .. _from]);
    }
}
