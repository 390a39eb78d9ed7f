using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// RealNVP's affine coupling (Dinh et al., 2017): with a binary mask m and a network whose output splits along axis 1
/// into (a, b), s = tanh(a)·(1 − m) and t = b·(1 − m), both functions of m·x, and z = x·exp(s) + t. The kept part
/// passes unchanged; the Jacobian is triangular with diagonal exp(s), so log|det J| = Σ s. The tanh bounds each
/// log-scale to (−1, 1), which keeps early training stable. Inverse: x = (z − t)·exp(−s), with s and t from m·z = m·x.
/// </summary>
public sealed class AffineCoupling : FlowLayer
{
    private readonly Tensor _mask;
    private readonly Tensor _transformed;

    /// <summary>Creates the layer.</summary>
    /// <param name="mask">1 where the input is kept, 0 where it is scaled and shifted; the shape of one example.</param>
    /// <param name="network">A batch [B, C, ...] to [B, 2C, ...]: the raw log-scale, then the shift.</param>
    public AffineCoupling(Tensor mask, Module network)
    {
        ArgumentNullException.ThrowIfNull(mask);
        _mask = mask.Detach();
        _transformed = 1f - _mask;
        Network = RegisterModule("network", network ?? throw new ArgumentNullException(nameof(network)));
    }

    /// <summary>The network giving the raw log-scale and the shift.</summary>
    public Module Network { get; }

    /// <summary>The mask (1: kept).</summary>
    public Tensor Mask => _mask;

    /// <summary>The masked log-scale s and shift t for a batch whose kept part is <paramref name="kept"/>.</summary>
    public (Tensor LogScale, Tensor Shift) ScaleAndShift(Tensor kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var h = Network.Forward(kept);
        int channels = kept.Shape[1];
        if (h.Rank != kept.Rank || h.Shape[1] != 2 * channels || !h.Shape.AsSpan(2).SequenceEqual(kept.Shape.AsSpan(2)))
            throw new InvalidOperationException($"AffineCoupling: the network must map [B, {channels}, ...] to [B, {2 * channels}, ...]; it returned [{string.Join(", ", h.Shape)}] for [{string.Join(", ", kept.Shape)}].");
        var parts = h.Split([channels, channels], 1);
        return (parts[0].Tanh() * _transformed, parts[1] * _transformed);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the mask's shape.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, _mask.Shape, nameof(Transform));
        var (s, t) = ScaleAndShift(x * _mask);
        return (x * s.Exp() + t, SumPerExample(s));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the mask's shape.</exception>
    public override Tensor Inverse(Tensor z)
    {
        RequireShape(z, _mask.Shape, nameof(Inverse));
        var (s, t) = ScaleAndShift(z * _mask);
        return (z - t) * (-s).Exp();
    }
}
