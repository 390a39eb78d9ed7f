using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>
/// The weights of a stacked mDA as a module (buffers "layer{i}_weight", each [D, D + 1], and "fitted"), so that
/// checkpoints and state dicts carry them; <see cref="Forward"/> applies the fitted layers hᵢ = tanh(Wᵢ·[hᵢ₋₁; 1]).
/// </summary>
public sealed class MdaStack : Module
{
    private readonly int _dimension;

    /// <summary>Creates <paramref name="layers"/> zero layers for inputs of size <paramref name="dimension"/>.</summary>
    public MdaStack(int dimension, int layers)
    {
        _dimension = dimension;
        LayerCount = layers;
        for (int l = 0; l < layers; l++) RegisterBuffer($"layer{l}_weight", Tensor.Zeros(dimension, dimension + 1));
        RegisterBuffer("fitted", Tensor.Zeros(1));
    }

    /// <summary>The number of layers.</summary>
    public int LayerCount { get; }

    /// <summary>How many layers are solved (they are solved in order).</summary>
    public int Fitted => (int)Get("fitted").Data[0];

    /// <summary>Whether layer <paramref name="layer"/> is solved.</summary>
    public bool IsFitted(int layer) => layer < Fitted;

    /// <summary>The weight [D, D + 1] of a layer.</summary>
    public Tensor Weight(int layer) => Get($"layer{CheckLayer(layer)}_weight");

    /// <summary>Stores the solution of layer <paramref name="layer"/>, which must be the next unsolved one.</summary>
    /// <exception cref="InvalidOperationException">Layers are set out of order.</exception>
    public void SetLayer(int layer, double[,] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (layer != Fitted) throw new InvalidOperationException($"mDA: layer {layer} set while {Fitted} are fitted; layers are solved in order.");
        var target = Weight(layer).Data;
        int cols = _dimension + 1;
        if (w.GetLength(0) != _dimension || w.GetLength(1) != cols)
            throw new ArgumentException($"mDA: weight {w.GetLength(0)}×{w.GetLength(1)}, expected {_dimension}×{cols}.", nameof(w));
        for (int i = 0; i < _dimension; i++)
            for (int j = 0; j < cols; j++) target[i * cols + j] = (float)w[i, j];
        Get("fitted").Data[0] = layer + 1;
    }

    /// <summary>tanh(W·[h; 1]) for one layer, [N, D].</summary>
    public Tensor Layer(int layer, Tensor h) => MarginalizedDenoising.Apply(h, Weight(layer)).Tanh();

    /// <summary>The output of the last fitted layer for rows [N, ...] (the flattened input when none is fitted).</summary>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var h = x.Reshape(x.Shape[0], _dimension);
        for (int l = 0; l < Fitted; l++) h = Layer(l, h);
        return h;
    }

    private int CheckLayer(int layer)
        => (uint)layer < (uint)LayerCount ? layer : throw new ArgumentOutOfRangeException(nameof(layer), $"mDA: layer {layer} outside 0…{LayerCount - 1}.");
}
