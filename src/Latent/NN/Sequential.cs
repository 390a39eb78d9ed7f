using Latent.Tensors;

namespace Latent.NN;

/// <summary>Applies its children in order, each to the output of the previous one; children are named "0", "1", ….</summary>
/// <example><code>
/// var mlp = new Sequential(new Linear(2, 64, gen), new Relu(), new Linear(64, 1, gen));
/// Tensor y = mlp.Forward(x); // parameters are named 0.weight, 0.bias, 2.weight, 2.bias
/// </code></example>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates a sequence of the given modules.</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>Appends a module under the next number.</summary>
    /// <returns>This sequence, for chaining.</returns>
    public Sequential Add(Module layer)
    {
        _layers.Add(RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer));
        return this;
    }

    /// <summary>The number of modules.</summary>
    public int Count => _layers.Count;

    /// <summary>The module at position <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    /// <inheritdoc />
    /// <remarks>
    /// A batch norm directly followed by a ReLU or leaky ReLU runs as one fused op
    /// (<see cref="BatchNormBase.ForwardRectified"/>): the same values and gradients in fewer passes over memory.
    /// </remarks>
    public override Tensor Forward(Tensor x)
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is BatchNormBase norm && i + 1 < _layers.Count && RectifierSlope(_layers[i + 1]) is { } slope)
            {
                x = norm.ForwardRectified(x, slope);
                i++;
                continue;
            }
            x = _layers[i].Call(x);
        }
        return x;
    }

    private static float? RectifierSlope(Module layer) => layer switch
    {
        Relu => 0f,
        LeakyRelu leaky => leaky.Slope,
        _ => null,
    };
}
