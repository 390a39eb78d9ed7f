using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// The imported ImageNet ResNet-18 (<see cref="ResNet18Features"/>) as a feature space for images of any size: its
/// convolutional body is run through <see cref="OnnxGraph.Trace"/> so gradients reach the image. Layers have
/// torchvision-style names: <c>relu</c> (after the stem convolution, stride 2, 64 channels), <c>pool</c> (stride 4),
/// <c>layer1.0</c> … <c>layer4.2</c> (the outputs of the residual blocks: 64 channels at stride 4, 128 at 8, 256 at 16,
/// 512 at 32; this CNTK export has three blocks in its last stage). Any value name of the graph is accepted too.
/// The input is prepared as the package's preprocessing model does, except that the mean image is replaced by its
/// per-channel mean so that sizes other than 224 × 224 work: RGB in [0, 1] → BGR in 0–255 minus the channel means.
/// </summary>
public sealed class ResNet18Layers : IImageFeatureNetwork
{
    private static readonly (string Alias, string Value)[] Aliases =
    [
        ("relu", "ReLU253_Output_0"), ("pool", "Pooling255_Output_0"),
        ("layer1.0", "ReLU269_Output_0"), ("layer1.1", "ReLU283_Output_0"),
        ("layer2.0", "ReLU301_Output_0"), ("layer2.1", "ReLU315_Output_0"),
        ("layer3.0", "ReLU333_Output_0"), ("layer3.1", "ReLU347_Output_0"),
        ("layer4.0", "ReLU365_Output_0"), ("layer4.1", "ReLU379_Output_0"), ("layer4.2", "ReLU393_Output_0"),
    ];

    private readonly Tensor _channelMean;
    private readonly HashSet<string> _values;

    /// <summary>Wraps a loaded network.</summary>
    public ResNet18Layers(ResNet18Features network)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        using var _ = Autograd.NoGrad();
        _channelMean = network.MeanImage.Mean([2, 3], keepDim: true);
        _values = [.. network.Graph.ValueNames];
    }

    /// <summary>Loads the network from <paramref name="path"/> (null: where <see cref="ResNet18Features.Locate"/> finds it).</summary>
    /// <exception cref="FileNotFoundException">The ONNX file is not found; the message says how to get it.</exception>
    public static ResNet18Layers Load(string? path = null) => new(ResNet18Features.Load(ResNet18Features.Locate(path)));

    /// <summary>The underlying network.</summary>
    public ResNet18Features Network { get; }

    /// <inheritdoc />
    public string Name => ResNet18Features.NetworkName;

    /// <inheritdoc />
    /// <remarks>32: the residual additions of other sizes do not line up after five halvings.</remarks>
    public int SizeMultiple => 32;

    /// <inheritdoc />
    public IReadOnlyList<string> Layers { get; } = [.. Aliases.Select(a => a.Alias)];

    /// <summary>The graph value a layer name stands for (an alias or a value name).</summary>
    /// <exception cref="ArgumentException">The name is neither.</exception>
    public string ValueOf(string layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        foreach (var (alias, value) in Aliases) if (alias == layer) return value;
        if (_values.Contains(layer)) return layer;
        throw new ArgumentException($"ResNet-18 has no layer '{layer}'; choose one of {string.Join(", ", Layers)} (or a value name of the ONNX graph).");
    }

    /// <summary>The network input for RGB images [N, 3, H, W] in [0, 1]: BGR, 0–255, minus the channel means. Differentiable.</summary>
    /// <exception cref="ArgumentException">The images are not [N, 3, H, W].</exception>
    public Tensor Prepare(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Shape[1] != 3)
            throw new ArgumentException($"ResNet-18 takes RGB images [N, 3, H, W], got {ShapeText.Format(images.Shape)}.", nameof(images));
        return images.Flip(1) * 255f - _channelMean;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Activations(Tensor images, IReadOnlyList<string> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var values = layers.Select(ValueOf).ToArray();
        var traced = Network.Graph.Trace(Prepare(images), values);
        var result = new Dictionary<string, Tensor>();
        for (int i = 0; i < layers.Count; i++) result[layers[i]] = traced[values[i]];
        return result;
    }
}
