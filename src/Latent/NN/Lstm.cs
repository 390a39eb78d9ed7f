using System.Globalization;
using Latent.Tensors;

namespace Latent.NN;

/// <summary>The result of an <see cref="Lstm"/> pass.</summary>
/// <param name="Output">Top-layer hidden states for every step: [T, B, H], or [B, T, H] when batch-first.</param>
/// <param name="H">Final hidden state of every layer, [layers, B, H].</param>
/// <param name="C">Final cell state of every layer, [layers, B, H].</param>
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
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout is outside [0, 1).</exception>
    public Lstm(int inputSize, int hiddenSize, Generator gen, int numLayers = 1, bool bias = true, bool batchFirst = false, float dropout = 0f)
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
        _gen = gen;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        for (int k = 0; k < numLayers; k++)
        {
            int layerInput = k == 0 ? inputSize : hiddenSize;
            RegisterParameter(Name("weight_ih", k), Parameter.Uniform([4 * hiddenSize, layerInput], bound, gen));
            RegisterParameter(Name("weight_hh", k), Parameter.Uniform([4 * hiddenSize, hiddenSize], bound, gen));
            if (bias)
            {
                RegisterParameter(Name("bias_ih", k), Parameter.Uniform([4 * hiddenSize], bound, gen));
                RegisterParameter(Name("bias_hh", k), Parameter.Uniform([4 * hiddenSize], bound, gen));
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

    /// <summary>Runs the network from zero states and returns the output sequence.</summary>
    public override Tensor Forward(Tensor x) => Forward(x, null).Output;

    /// <summary>Runs the network over a sequence.</summary>
    /// <param name="x">Inputs [T, B, in] (or [B, T, in] when batch-first).</param>
    /// <param name="state">Initial (h, c), each [layers, B, H]; zeros when null.</param>
    /// <exception cref="ArgumentException">A shape does not match the network.</exception>
    public LstmOutput Forward(Tensor x, (Tensor H, Tensor C)? state)
    {
        if (x.Rank != 3 || x.Shape[2] != InputSize)
            throw new ArgumentException($"Lstm: expected input {(BatchFirst ? "[B, T, " : "[T, B, ")}{InputSize}], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        var seq = BatchFirst ? x.Transpose(0, 1) : x;
        int steps = seq.Shape[0], batch = seq.Shape[1];
        int[] stateShape = [NumLayers, batch, HiddenSize];
        if (state is var (h0, c0) && (!h0.Shape.AsSpan().SequenceEqual(stateShape) || !c0.Shape.AsSpan().SequenceEqual(stateShape)))
            throw new ArgumentException(
                $"Lstm: initial states must be {ShapeUtil.Format(stateShape)}, got h {ShapeUtil.Format(h0.Shape)} and c {ShapeUtil.Format(c0.Shape)}.", nameof(state));

        var finalH = new Tensor[NumLayers];
        var finalC = new Tensor[NumLayers];
        for (int k = 0; k < NumLayers; k++)
        {
            var h = state?.H.Select(0, k) ?? Tensor.Zeros(batch, HiddenSize);
            var c = state?.C.Select(0, k) ?? Tensor.Zeros(batch, HiddenSize);
            var weightHh = Get(Name("weight_hh", k));
            var biasHh = HasBias ? Get(Name("bias_hh", k)) : null;
            // The input projection of all steps at once: one matrix product instead of T small ones.
            var projected = seq.Reshape(steps * batch, -1).Linear(Get(Name("weight_ih", k)), HasBias ? Get(Name("bias_ih", k)) : null)
                .Reshape(steps, batch, 4 * HiddenSize);
            var outputs = new Tensor[steps];
            for (int t = 0; t < steps; t++)
            {
                (h, c) = Cell(projected.Select(0, t) + h.Linear(weightHh, biasHh), c);
                outputs[t] = h;
            }
            seq = Tensor.Stack(outputs, 0);
            if (k < NumLayers - 1) seq = Functional.Dropout(seq, DropoutProbability, _gen, IsTraining);
            finalH[k] = h;
            finalC[k] = c;
        }
        return new LstmOutput(BatchFirst ? seq.Transpose(0, 1) : seq, Tensor.Stack(finalH, 0), Tensor.Stack(finalC, 0));
    }

    /// <summary>One LSTM update from the summed gate pre-activations [B, 4H] and the previous cell state.</summary>
    private static (Tensor H, Tensor C) Cell(Tensor gates, Tensor c)
    {
        var parts = gates.Chunk(4, axis: 1);
        var input = parts[0].Sigmoid();
        var forget = parts[1].Sigmoid();
        var candidate = parts[2].Tanh();
        var output = parts[3].Sigmoid();
        var next = forget * c + input * candidate;
        return (output * next.Tanh(), next);
    }

    private static string Name(string kind, int layer) => kind + "_l" + layer.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string ExtraRepr()
        => $"{InputSize}, {HiddenSize}, layers={NumLayers}, bias={HasBias}, batchFirst={BatchFirst}, dropout={DropoutProbability}";
}
