using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// A normalizing flow's bijection: invertible layers applied in order. <see cref="Transform"/> composes them and adds
/// their log-determinants (the chain rule: log|det J_{f∘g}| = log|det J_f| + log|det J_g|); <see cref="Inverse"/>
/// runs their inverses in reverse order. Layers are registered as "0", "1", … as in a PyTorch Sequential.
/// </summary>
/// <example>
/// <code>
/// var gen = new Generator(1);
/// var flow = new Flow(
///     new AffineCoupling(CouplingMask.Checkerboard([6], flip: false), FlowNetworks.Mlp(6, [32], 12, gen)),
///     new AffineCoupling(CouplingMask.Checkerboard([6], flip: true), FlowNetworks.Mlp(6, [32], 12, gen)));
/// var (z, logDet) = flow.Transform(Tensor.Randn([8, 6], gen));
/// Tensor x = flow.Inverse(z);
/// </code>
/// </example>
public sealed class Flow : FlowLayer
{
    private readonly FlowLayer[] _layers;

    /// <summary>Creates the flow from its layers, first applied first.</summary>
    public Flow(params FlowLayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        for (int i = 0; i < _layers.Length; i++)
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i] ?? throw new ArgumentException($"Flow: layer {i} is null.", nameof(layers)));
    }

    /// <summary>The layers, in the order <see cref="Transform"/> applies them.</summary>
    public IReadOnlyList<FlowLayer> Layers => _layers;

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var logDet = Tensor.Zeros(x.Shape[0]);
        foreach (var layer in _layers)
        {
            var (z, layerLogDet) = layer.Transform(x);
            x = z;
            logDet = logDet + layerLogDet;
        }
        return (x, logDet);
    }

    /// <summary>The point after each layer, starting with <paramref name="x"/> itself: how the flow moves data step by step.</summary>
    public IReadOnlyList<Tensor> Trajectory(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var points = new List<Tensor> { x };
        foreach (var layer in _layers) points.Add(x = layer.Transform(x).Z);
        return points;
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        for (int i = _layers.Length - 1; i >= 0; i--) z = _layers[i].Inverse(z);
        return z;
    }
}
