using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// RealNVP's multi-scale step: of a batch [B, C, ...] the first <see cref="KeptChannels"/> channels go on through
/// <see cref="Inner"/> (the next, coarser scale) and the rest are factored out: they are final latent values and go
/// straight to the prior. The output is flat, [B, D]: the inner flow's output, flattened, then the factored-out
/// values. log|det J| is the inner flow's, since the factored-out part passes unchanged.
/// </summary>
public sealed class FactorOut : FlowLayer
{
    private readonly int[] _shape;
    private readonly int[] _innerOutShape;

    /// <summary>Creates the step for examples of <paramref name="shape"/> [C, ...].</summary>
    /// <param name="shape">One example's shape, channels first.</param>
    /// <param name="keptChannels">Channels that go through <paramref name="inner"/>, in [1, C).</param>
    /// <param name="inner">The flow on the kept channels [B, keptChannels, ...].</param>
    /// <exception cref="ArgumentException">The shape is empty or the kept channels are out of range.</exception>
    public FactorOut(int[] shape, int keptChannels, FlowLayer inner)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(s => s <= 0))
            throw new ArgumentException($"FactorOut: an example shape needs positive sizes, got [{string.Join(", ", shape)}].", nameof(shape));
        if (keptChannels < 1 || keptChannels >= shape[0])
            throw new ArgumentException($"FactorOut: the kept channels must be in [1, {shape[0]}), got {keptChannels}.", nameof(keptChannels));
        _shape = [.. shape];
        KeptChannels = keptChannels;
        Inner = RegisterModule("inner", inner ?? throw new ArgumentNullException(nameof(inner)));
        _innerOutShape = InnerOutputShape();
    }

    /// <summary>Channels that go through <see cref="Inner"/>.</summary>
    public int KeptChannels { get; }

    /// <summary>The flow of the next scale.</summary>
    public FlowLayer Inner { get; }

    private int[] KeptShape => [KeptChannels, .. _shape[1..]];

    private int[] InnerOutputShape()
    {
        bool training = Inner.IsTraining;
        Inner.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            return Inner.Transform(Tensor.Full(0.5f, [1, .. KeptShape])).Z.Shape[1..];
        }
        finally
        {
            Inner.Train(training);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The examples do not have the step's shape.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        RequireShape(x, _shape, nameof(Transform));
        int b = x.Shape[0];
        var parts = x.Split([KeptChannels, _shape[0] - KeptChannels], 1);
        var (z, logDet) = Inner.Transform(parts[0]);
        return (Tensor.Concat([z.Reshape(b, z.Size / b), parts[1].Reshape(b, parts[1].Size / b)], 1), logDet);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is not [B, D] with D the values of one example.</exception>
    public override Tensor Inverse(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        int d = _shape.Aggregate(1, (a, c) => a * c);
        if (z.Rank != 2 || z.Shape[1] != d)
            throw new ArgumentException($"FactorOut: expected [B, {d}], got [{string.Join(", ", z.Shape)}].", nameof(z));
        int b = z.Shape[0], inner = _innerOutShape.Aggregate(1, (a, c) => a * c);
        var parts = z.Split([inner, d - inner], 1);
        var kept = Inner.Inverse(parts[0].Reshape([b, .. _innerOutShape]));
        return Tensor.Concat([kept, parts[1].Reshape([b, _shape[0] - KeptChannels, .. _shape[1..]])], 1);
    }
}
