using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// One WaveNet layer: a dilated causal convolution (kernel 2) of the residual stream to 2R pre-activations, plus a
/// per-digit bias under global conditioning, the gated unit tanh(a) ⊙ σ(b), and two 1×1 convolutions of the result:
/// one added to the residual stream, one to the skip sum.
/// </summary>
public sealed class WaveNetLayer : Module
{
    private readonly Conv1d _dilated;
    private readonly Conv1d _residual;
    private readonly Conv1d _skip;
    private readonly Embedding? _condition;

    /// <summary>Creates the layer.</summary>
    public WaveNetLayer(int residualChannels, int skipChannels, int dilation, int classes, Generator gen)
    {
        Dilation = dilation;
        Channels = residualChannels;
        _dilated = RegisterModule("dilated", Conv1d.Causal(residualChannels, 2 * residualChannels, 2, gen, dilation: dilation));
        _residual = RegisterModule("residual", new Conv1d(residualChannels, residualChannels, 1, gen));
        _skip = RegisterModule("skip", new Conv1d(residualChannels, skipChannels, 1, gen));
        if (classes > 0) _condition = RegisterModule("condition", new Embedding(classes, 2 * residualChannels, gen));
    }

    /// <summary>The dilation of the causal convolution.</summary>
    public int Dilation { get; }

    /// <summary>Residual channels R.</summary>
    public int Channels { get; }

    /// <summary>The per-digit bias [N, 2R, 1], or null without conditioning.</summary>
    public Tensor? Condition(int[]? labels)
        => _condition == null || labels == null ? null : _condition.Forward(labels).Reshape(labels.Length, 2 * Channels, 1);

    /// <summary>The new residual stream and this layer's skip contribution, for a stream [N, R, T].</summary>
    public (Tensor Residual, Tensor Skip) Forward(Tensor h, Tensor? condition) => Finish(h, _dilated.Forward(h), condition);

    /// <summary>
    /// One time step from the stream's value <paramref name="past"/> at t − dilation and <paramref name="now"/> at t (each
    /// [N, R, 1]): the same as <see cref="Forward(Tensor, Tensor?)"/> at t, at the cost of one step.
    /// </summary>
    public (Tensor Residual, Tensor Skip) Step(Tensor past, Tensor now, Tensor? condition)
        => Finish(now, Tensor.Concat([past, now], 2).Conv1d(_dilated.Weight, _dilated.Bias), condition);

    private (Tensor Residual, Tensor Skip) Finish(Tensor h, Tensor pre, Tensor? condition)
    {
        if (condition != null) pre = pre + condition;
        var z = pre.Narrow(1, 0, Channels).Tanh() * pre.Narrow(1, Channels, Channels).Sigmoid();
        return (h + _residual.Forward(z), _skip.Forward(z));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Forward(x, null).Residual;
}
