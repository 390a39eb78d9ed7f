using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Virtual batch normalization (Salimans et al., 2016, "Improved techniques for training GANs", §3.4): each example is
/// normalized with the statistics of a reference batch, chosen once and fixed at the start of training, together with
/// the example itself, so that an example's output does not depend on the other examples of its minibatch.
/// </summary>
/// <remarks>
/// <para>
/// The reference batch is forward-propagated through the <em>current</em> network before every forward that uses it:
/// its statistics are functions of the current weights, and gradients flow through them into the earlier layers. Drive
/// a network that contains these layers with <see cref="WithReference(Module, Tensor, Func{Tensor})"/> (or
/// <see cref="UseReference"/> for a forward spread over several statements):
/// </para>
/// <code>
/// var y = VirtualBatchNorm.WithReference(net, referenceBatch, () => net.Forward(x));
/// </code>
/// <para>
/// During the reference pass each layer records the per-channel mean μ_ref and mean of squares E_ref[x²] of its input
/// over the batch and spatial axes (kept as tensors with their graph) and normalizes the reference batch with them,
/// like batch normalization. In the forward that follows, example i, with per-channel mean m(xᵢ) and mean of squares
/// m(xᵢ²) over its spatial axes (the values themselves for [N, C] inputs), is normalized with
/// mean = α·m(xᵢ) + (1 − α)·μ_ref and E[x²] = α·m(xᵢ²) + (1 − α)·E_ref[x²], α = 1/(n_ref + 1) (the weighting of the
/// OpenAI implementation), variance = E[x²] − mean², and then scaled and shifted by the learned γ and β. The recorded
/// statistics are dropped when the scope ends, so every step recomputes them at its weights; using the layer outside a
/// scope is an error.
/// </para>
/// <para>
/// Evaluation mode behaves exactly like training mode: there are no running statistics, and samples drawn in
/// evaluation are normalized with the reference batch's statistics at the current weights (so evaluation also needs
/// the reference pass).
/// </para>
/// </remarks>
public sealed class VirtualBatchNorm : NormalizationLayer
{
    private enum Phase { Idle, Recording, Normalizing }

    private Phase _phase;
    private Tensor? _referenceMean;
    private Tensor? _referenceMeanSq;
    private int _referenceCount;

    /// <summary>Creates the layer for inputs [N, C], [N, C, L] or [N, C, H, W].</summary>
    /// <param name="numFeatures">Number of channels C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    public VirtualBatchNorm(int numFeatures, float eps = 1e-5f, bool affine = true) : base([numFeatures], eps, affine)
    {
        if (numFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(numFeatures), $"VirtualBatchNorm: numFeatures must be positive, got {numFeatures}.");
        NumFeatures = numFeatures;
    }

    /// <summary>Number of channels.</summary>
    public int NumFeatures { get; }

    /// <summary>Whether the reference statistics of the current scope have been recorded.</summary>
    public bool HasReference => _referenceMean != null;

    /// <summary>The number of examples in the recorded reference batch (0 when none is recorded).</summary>
    public int ReferenceCount => _referenceCount;

    /// <summary>
    /// The per-channel mean [C] of the reference batch at the current weights, with its graph, or null outside a
    /// reference scope.
    /// </summary>
    public Tensor? ReferenceMean => _referenceMean;

    /// <summary>
    /// The per-channel mean of squares [C] of the reference batch at the current weights, with its graph, or null
    /// outside a reference scope.
    /// </summary>
    public Tensor? ReferenceMeanSquare => _referenceMeanSq;

    /// <summary>
    /// Runs <paramref name="network"/> on <paramref name="referenceInput"/> (the reference pass: every virtual batch norm
    /// layer of the network records its statistics at the current weights), then <paramref name="forward"/>, whose
    /// layers normalize with those statistics; the statistics are dropped afterwards.
    /// </summary>
    /// <param name="network">The network (or a module containing it) whose <see cref="VirtualBatchNorm"/> layers are driven.</param>
    /// <param name="referenceInput">The fixed reference batch, passed to <see cref="Module.Forward"/>.</param>
    /// <param name="forward">The real forward, e.g. <c>() =&gt; network.Forward(x)</c>.</param>
    /// <returns>What <paramref name="forward"/> returns; its graph includes the reference statistics.</returns>
    /// <exception cref="InvalidOperationException">A layer of the network is already in a reference scope, or a layer is applied twice in the reference pass.</exception>
    public static Tensor WithReference(Module network, Tensor referenceInput, Func<Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(referenceInput);
        return WithReference(network, () => network.Forward(referenceInput), forward);
    }

    /// <summary>
    /// Runs <paramref name="referencePass"/> (which must forward the fixed reference batch through the network, e.g. a
    /// conditional generator with its reference labels) while the network's virtual batch norm layers record their
    /// statistics, then <paramref name="forward"/>, which normalizes with them; the statistics are dropped afterwards.
    /// </summary>
    /// <typeparam name="T">What the forward returns.</typeparam>
    /// <param name="network">The network (or a module containing it) whose <see cref="VirtualBatchNorm"/> layers are driven.</param>
    /// <param name="referencePass">Forwards the reference batch; its result is discarded.</param>
    /// <param name="forward">The real forward.</param>
    /// <returns>What <paramref name="forward"/> returns.</returns>
    /// <exception cref="InvalidOperationException">A layer of the network is already in a reference scope, or a layer is applied twice in the reference pass.</exception>
    public static T WithReference<T>(Module network, Action referencePass, Func<T> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        using var scope = UseReference(network, referencePass);
        return forward();
    }

    /// <summary>
    /// Runs <paramref name="referencePass"/> while the network's virtual batch norm layers record their statistics and
    /// returns a scope in which they normalize with them; disposing the scope drops the statistics.
    /// </summary>
    /// <param name="network">The network (or a module containing it) whose <see cref="VirtualBatchNorm"/> layers are driven.</param>
    /// <param name="referencePass">Forwards the reference batch through the network.</param>
    /// <returns>The scope; dispose it when the forward passes that use the statistics are done.</returns>
    /// <exception cref="InvalidOperationException">A layer of the network is already in a reference scope, or a layer is applied twice in the reference pass.</exception>
    public static IDisposable UseReference(Module network, Action referencePass)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(referencePass);
        var named = network.NamedModules().Where(m => m.Module is VirtualBatchNorm).ToArray();
        if (named.FirstOrDefault(m => ((VirtualBatchNorm)m.Module)._phase != Phase.Idle) is { Module: not null } busy)
            throw new InvalidOperationException($"VirtualBatchNorm: layer '{busy.Name}' of {network.GetType().Name} is already in a reference scope; scopes do not nest.");
        var layers = named.Select(m => (VirtualBatchNorm)m.Module).ToArray();
        var scope = new ReferenceScope(layers);
        try
        {
            foreach (var layer in layers) layer._phase = Phase.Recording;
            referencePass();
            foreach (var layer in layers) layer._phase = Phase.Normalizing;
            return scope;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, C, *] with C = <see cref="NumFeatures"/>, or a reference batch has a single value per channel.</exception>
    /// <exception cref="InvalidOperationException">
    /// The layer is called outside a reference scope, was not reached by the scope's reference pass, or is applied twice
    /// in the reference pass.
    /// </exception>
    public override Tensor Forward(Tensor x)
    {
        CheckChannels(x, NumFeatures, 2, 3, 4);
        Tensor mean, meanSq;
        switch (_phase)
        {
            case Phase.Recording:
            {
                if (HasReference)
                    throw new InvalidOperationException("VirtualBatchNorm: the layer was applied twice in one reference pass; a layer applied more than once per forward would need one reference per application.");
                if (x.Size / NumFeatures < 2)
                    throw new ArgumentException($"VirtualBatchNorm: the reference batch needs more than one value per channel, got {ShapeUtil.Format(x.Shape)}.", nameof(x));
                var axes = Functional.AxesExcept(x.Rank, 1);
                _referenceMean = x.Mean(axes);
                _referenceMeanSq = x.Square().Mean(axes);
                _referenceCount = x.Shape[0];
                mean = Functional.PerChannel(_referenceMean, x.Rank);
                meanSq = Functional.PerChannel(_referenceMeanSq, x.Rank);
                break;
            }
            case Phase.Normalizing when HasReference:
            {
                float alpha = 1f / (_referenceCount + 1);
                var spatial = Functional.AxesExcept(x.Rank, 0, 1);
                var sampleMean = spatial.Length == 0 ? x : x.Mean(spatial, keepDim: true);
                var sampleMeanSq = spatial.Length == 0 ? x.Square() : x.Square().Mean(spatial, keepDim: true);
                mean = alpha * sampleMean + (1 - alpha) * Functional.PerChannel(_referenceMean!, x.Rank);
                meanSq = alpha * sampleMeanSq + (1 - alpha) * Functional.PerChannel(_referenceMeanSq!, x.Rank);
                break;
            }
            case Phase.Normalizing:
                throw new InvalidOperationException("VirtualBatchNorm: the reference pass did not reach this layer, so it has no reference statistics; the reference pass must run the same layers as the forward.");
            default:
                throw new InvalidOperationException(
                    "VirtualBatchNorm: no reference statistics. The reference batch must go through the current network before each forward: "
                    + "run it with VirtualBatchNorm.WithReference(network, referenceInput, () => network.Forward(x)) or inside VirtualBatchNorm.UseReference.");
        }
        // E[x²] − mean² can round below zero; Relu clips it and, unlike Maximum, keeps second derivatives exact.
        var variance = (meanSq - mean.Square()).Relu();
        return Functional.ChannelAffine(Functional.Standardize(x, mean, variance, Eps), Weight, Bias);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{NumFeatures}, eps={Eps}, affine={Affine}";

    private void Reset()
    {
        _phase = Phase.Idle;
        _referenceMean = null;
        _referenceMeanSq = null;
        _referenceCount = 0;
    }

    /// <summary>Returns the layers of a reference scope to idle, dropping their statistics.</summary>
    private sealed class ReferenceScope(VirtualBatchNorm[] layers) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var layer in layers) layer.Reset();
        }
    }
}
