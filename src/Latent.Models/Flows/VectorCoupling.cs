using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// A coupling on flat vectors [B, D] whose network sees only the kept values and returns only what the transformed
/// ones need: [B, k] → [B, D − k] (additive shift) or [B, 2(D − k)] (affine log-scale through tanh, then shift). The
/// same map as <see cref="AffineCoupling"/>/<see cref="AdditiveCoupling"/> with a mask — there the network's weights
/// on masked-out inputs multiply zeros and its outputs for kept values are discarded, so they never get a gradient —
/// without computing those zeros: half the first and last matrix products of an MLP coupling.
/// </summary>
public sealed class VectorCoupling : FlowLayer
{
    private readonly int[] _kept;
    private readonly int[] _transformed;
    private readonly int[] _order;

    /// <summary>Creates the layer.</summary>
    /// <param name="mask">[D]: 1 where the value is kept, 0 where it is transformed; both parts non-empty.</param>
    /// <param name="kind">Additive (NICE) or affine (RealNVP).</param>
    /// <param name="network">[B, kept] → [B, transformed] (additive) or [B, 2·transformed] (affine: raw log-scale, then shift).</param>
    /// <exception cref="ArgumentException">The mask is not a vector with both parts non-empty.</exception>
    public VectorCoupling(Tensor mask, CouplingKind kind, Module network)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Rank != 1) throw new ArgumentException($"VectorCoupling: the mask must be a vector [D], got [{string.Join(", ", mask.Shape)}].", nameof(mask));
        var values = mask.ToArray();
        _kept = [.. Enumerable.Range(0, values.Length).Where(i => values[i] != 0)];
        _transformed = [.. Enumerable.Range(0, values.Length).Where(i => values[i] == 0)];
        if (_kept.Length == 0 || _transformed.Length == 0)
            throw new ArgumentException("VectorCoupling: the mask must keep some values and transform others.", nameof(mask));
        // Concat(kept, transformed) picked by _order is the vector in its original positions.
        _order = new int[values.Length];
        for (int j = 0; j < _kept.Length; j++) _order[_kept[j]] = j;
        for (int j = 0; j < _transformed.Length; j++) _order[_transformed[j]] = _kept.Length + j;
        Kind = kind;
        Dimensions = values.Length;
        Network = RegisterModule("network", network ?? throw new ArgumentNullException(nameof(network)));
    }

    /// <summary>Additive or affine.</summary>
    public CouplingKind Kind { get; }

    /// <summary>D, the values of one example.</summary>
    public int Dimensions { get; }

    /// <summary>How many values are kept (the network's input width).</summary>
    public int KeptCount => _kept.Length;

    /// <summary>How many values are transformed.</summary>
    public int TransformedCount => _transformed.Length;

    /// <summary>The network on the kept values.</summary>
    public Module Network { get; }

    /// <summary>The network's input and output widths for a mask keeping <paramref name="kept"/> of <paramref name="dimensions"/> values.</summary>
    public static (int Inputs, int Outputs) NetworkWidths(CouplingKind kind, int dimensions, int kept)
        => (kept, (kind == CouplingKind.Affine ? 2 : 1) * (dimensions - kept));

    private (Tensor LogScale, Tensor Shift) ScaleAndShift(Tensor kept)
    {
        var h = Network.Forward(kept);
        int m = _transformed.Length, expected = Kind == CouplingKind.Affine ? 2 * m : m;
        if (h.Rank != 2 || h.Shape[1] != expected)
            throw new InvalidOperationException($"VectorCoupling: the network must map [B, {_kept.Length}] to [B, {expected}]; it returned [{string.Join(", ", h.Shape)}].");
        if (Kind == CouplingKind.Additive) return (Tensor.Zeros(kept.Shape[0], m), h);
        var parts = h.Split([m, m], 1);
        return (parts[0].Tanh(), parts[1]);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is not [B, D].</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, [Dimensions], nameof(Transform));
        var kept = x.IndexSelect(1, _kept);
        var (s, t) = ScaleAndShift(kept);
        var moved = x.IndexSelect(1, _transformed);
        var y = Kind == CouplingKind.Additive ? moved + t : moved * s.Exp() + t;
        var logDet = Kind == CouplingKind.Additive ? Tensor.Zeros(x.Shape[0]) : s.Sum(1);
        return (Tensor.Concat([kept, y], 1).IndexSelect(1, _order), logDet);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is not [B, D].</exception>
    public override Tensor Inverse(Tensor z)
    {
        RequireShape(z, [Dimensions], nameof(Inverse));
        var kept = z.IndexSelect(1, _kept);
        var (s, t) = ScaleAndShift(kept);
        var moved = z.IndexSelect(1, _transformed) - t;
        var x = Kind == CouplingKind.Additive ? moved : moved * (-s).Exp();
        return Tensor.Concat([kept, x], 1).IndexSelect(1, _order);
    }
}
