using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// NICE's additive coupling (Dinh et al., 2015): with a binary mask m, z = x + (1 − m)·t(m·x). The kept part m·x passes
/// unchanged and conditions the shift t, so the Jacobian is triangular with a unit diagonal: log|det J| = 0.
/// Inverse: x = z − (1 − m)·t(m·z).
/// </summary>
public sealed class AdditiveCoupling : FlowLayer
{
    private readonly Tensor _mask;
    private readonly Tensor _transformed;

    /// <summary>Creates the layer.</summary>
    /// <param name="mask">1 where the input is kept, 0 where it is shifted; the shape of one example.</param>
    /// <param name="shift">The network t: a batch [B, ...] to a shift of the same shape.</param>
    public AdditiveCoupling(Tensor mask, Module shift)
    {
        ArgumentNullException.ThrowIfNull(mask);
        _mask = mask.Detach();
        _transformed = 1f - _mask;
        Shift = RegisterModule("shift", shift ?? throw new ArgumentNullException(nameof(shift)));
    }

    /// <summary>The shift network t.</summary>
    public Module Shift { get; }

    /// <summary>The mask (1: kept).</summary>
    public Tensor Mask => _mask;

    private Tensor ShiftOf(Tensor kept, Tensor like)
    {
        var t = Shift.Forward(kept);
        if (!t.Shape.AsSpan().SequenceEqual(like.Shape))
            throw new InvalidOperationException($"AdditiveCoupling: the shift network returned [{string.Join(", ", t.Shape)}] for input [{string.Join(", ", like.Shape)}].");
        return t * _transformed;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the mask's shape.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, _mask.Shape, nameof(Transform));
        return (x + ShiftOf(x * _mask, x), Tensor.Zeros(x.Shape[0]));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the mask's shape.</exception>
    public override Tensor Inverse(Tensor z)
    {
        RequireShape(z, _mask.Shape, nameof(Inverse));
        return z - ShiftOf(z * _mask, z);
    }
}
