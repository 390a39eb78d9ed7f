using System.Globalization;
using Latent.Tensors;

namespace Latent.NN;

/// <summary>The result of an <see cref="Lstm"/> pass.</summary>
/// <param name="Output">Top-layer hidden states for every step: [T, B, H·directions], or [B, T, H·directions] when batch-first.</param>
/// <param name="H">Final hidden state of every layer and direction, [layers·directions, B, H].</param>
/// <param name="C">Final cell state of every layer and direction, [layers·directions, B, H].</param>
public sealed record LstmOutput(Tensor Output, Tensor H, Tensor C);

/// <summary>
/// A multi-layer long short-term memory network (Hochreiter &amp; Schmidhuber, 1997) with PyTorch's layout: per layer k,
/// weight_ih_l{k} [4H, in], weight_hh_l{k} [4H, H], bias_ih_l{k} and bias_hh_l{k} [4H], gates stacked as i, f, g, o.
/// </summary>
/// <remarks>
/// Each step computes i = σ(Wᵢx + bᵢ + Uᵢh + cᵢ), f, g = tanh(…), o likewise, then c' = f⊙c + i⊙g and h' = o⊙tanh(c').
/// All parameters start uniform in ±1/√H.
/// </remarks>
public sealed class Lstm : Module
{
    private readonly Generator _gen;

    /// <summary>Creates the network.</summary>
    /// <param name="inputSize">Size of each input vector.</param>
    /// <param name="hiddenSize">Size H of the hidden and cell states.</param>
    /// <param name="gen">Random source for the initial weights and for inter-layer dropout.</param>
    /// <param name="numLayers">Number of stacked layers; layer k &gt; 0 reads layer k − 1's outputs.</param>
    /// <param name="bias">Whether to learn the two bias vectors of each layer.</param>
    /// <param name="batchFirst">Whether inputs and outputs are [B, T, features] rather than [T, B, features].</param>
    /// <param name="dropout">Dropout probability on the outputs of every layer but the last, in training.</param>
    /// <param name="bidirectional">
    /// Run a second LSTM per layer over the reversed sequence (weights named with a <c>_reverse</c> suffix, as in
    /// PyTorch) and concatenate both directions' hidden states, so outputs have 2H features and the final states hold
    /// 2·layers entries ordered layer 0 forward, layer 0 reverse, layer 1 forward, ….
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout is outside [0, 1).</exception>
    public Lstm(int inputSize, int hiddenSize, Generator gen, int numLayers = 1, bool bias = true, bool batchFirst = false, float dropout = 0f,
        bool bidirectional = false)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), $"Lstm: inputSize must be positive, got {inputSize}.");
        if (hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"Lstm: hiddenSize must be positive, got {hiddenSize}.");
        if (numLayers <= 0) throw new ArgumentOutOfRangeException(nameof(numLayers), $"Lstm: numLayers must be positive, got {numLayers}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), $"Lstm: dropout must be in [0, 1), got {dropout}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        HasBias = bias;
        BatchFirst = batchFirst;
        DropoutProbability = dropout;
        Bidirectional = bidirectional;
        _gen = gen;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        for (int k = 0; k < numLayers; k++)
        {
            int layerInput = k == 0 ? inputSize : hiddenSize * Directions;
            for (int d = 0; d < Directions; d++)
            {
                RegisterParameter(Name("weight_ih", k, d), Parameter.Uniform([4 * hiddenSize, layerInput], bound, gen));
                RegisterParameter(Name("weight_hh", k, d), Parameter.Uniform([4 * hiddenSize, hiddenSize], bound, gen));
                if (bias)
                {
                    RegisterParameter(Name("bias_ih", k, d), Parameter.Uniform([4 * hiddenSize], bound, gen));
                    RegisterParameter(Name("bias_hh", k, d), Parameter.Uniform([4 * hiddenSize], bound, gen));
                }
            }
        }
    }

    /// <summary>Size of each input vector.</summary>
    public int InputSize { get; }

    /// <summary>Size of the hidden and cell states.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have biases.</summary>
    public bool HasBias { get; }

    /// <summary>Whether sequences are laid out [B, T, features].</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability between layers.</summary>
    public float DropoutProbability { get; }

    /// <summary>Whether each layer also runs over the reversed sequence.</summary>
    public bool Bidirectional { get; }

    private int Directions => Bidirectional ? 2 : 1;

    /// <summary>Runs the network from zero states and returns the output sequence.</summary>
    public override Tensor Forward(Tensor x) => Forward(x, null).Output;

    /// <summary>Runs the network over a sequence.</summary>
    /// <param name="x">Inputs [T, B, in] (or [B, T, in] when batch-first).</param>
    /// <param name="state">Initial (h, c), each [layers·directions, B, H]; zeros when null.</param>
    /// <exception cref="ArgumentException">A shape does not match the network.</exception>
    public LstmOutput Forward(Tensor x, (Tensor H, Tensor C)? state)
    {
        if (x.Rank != 3 || x.Shape[2] != InputSize)
            throw new ArgumentException($"Lstm: expected input {(BatchFirst ? "[B, T, " : "[T, B, ")}{InputSize}], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        var seq = BatchFirst ? x.Transpose(0, 1) : x;
        int batch = seq.Shape[1];
        int[] stateShape = [NumLayers * Directions, batch, HiddenSize];
        if (state is var (h0, c0) && (!h0.Shape.AsSpan().SequenceEqual(stateShape) || !c0.Shape.AsSpan().SequenceEqual(stateShape)))
            throw new ArgumentException(
                $"Lstm: initial states must be {ShapeUtil.Format(stateShape)}, got h {ShapeUtil.Format(h0.Shape)} and c {ShapeUtil.Format(c0.Shape)}.", nameof(state));

        var finalH = new Tensor[NumLayers * Directions];
        var finalC = new Tensor[NumLayers * Directions];
        for (int k = 0; k < NumLayers; k++)
        {
            var outputs = new Tensor[Directions];
            for (int d = 0; d < Directions; d++)
            {
                int slot = k * Directions + d;
                var h = state?.H.Select(0, slot) ?? Tensor.Zeros(batch, HiddenSize);
                var c = state?.C.Select(0, slot) ?? Tensor.Zeros(batch, HiddenSize);
                (outputs[d], finalH[slot], finalC[slot]) = Functional.LstmLayer(seq, Get(Name("weight_ih", k, d)), Get(Name("weight_hh", k, d)),
                    HasBias ? Get(Name("bias_ih", k, d)) : null, HasBias ? Get(Name("bias_hh", k, d)) : null, h, c, reverse: d == 1);
            }
            seq = Directions == 1 ? outputs[0] : Tensor.Concat(outputs, 2);
            if (k < NumLayers - 1) seq = Functional.Dropout(seq, DropoutProbability, _gen, IsTraining);
        }
        return new LstmOutput(BatchFirst ? seq.Transpose(0, 1) : seq, Tensor.Stack(finalH, 0), Tensor.Stack(finalC, 0));
    }

    private static string Name(string kind, int layer, int direction)
        => kind + "_l" + layer.ToString(CultureInfo.InvariantCulture) + (direction == 1 ? "_reverse" : "");

    /// <inheritdoc />
    protected override string ExtraRepr()
        => $"{InputSize}, {HiddenSize}, layers={NumLayers}, bias={HasBias}, batchFirst={BatchFirst}, dropout={DropoutProbability}, bidirectional={Bidirectional}";
}
