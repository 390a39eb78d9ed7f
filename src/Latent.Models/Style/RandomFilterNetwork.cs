using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// The shallow baseline feature space of Ustyuzhaninov et al. (2017, "What does it take to generate natural
/// textures?"): one convolutional layer of random, untrained filters at several sizes, followed by ReLU. Layer
/// <c>k{s}</c> holds <see cref="FiltersPerSize"/> filters of size s × s drawn from a seeded normal distribution and
/// centred (zero mean per filter, unit norm), applied with "same" padding to the image centred on grey and multiplied
/// by <see cref="Gain"/> (64, so that its Gram matrices and style losses are of the order of the ResNet-18's and the
/// same α, β and total-variation weights serve both feature spaces). Its Gram
/// matrices already capture much of a texture, which is the point of the comparison with a trained network.
/// </summary>
public sealed class RandomFilterNetwork : IImageFeatureNetwork
{
    /// <summary>The default filter sizes.</summary>
    public static readonly int[] DefaultSizes = [3, 5, 7, 11, 15];

    private readonly Dictionary<string, Tensor> _filters = [];

    /// <summary>Draws the filters.</summary>
    /// <param name="seed">Seed of the filters (same seed, same network).</param>
    /// <param name="filtersPerSize">Filters of each size.</param>
    /// <param name="sizes">Odd filter sizes (default <see cref="DefaultSizes"/>).</param>
    /// <exception cref="ArgumentException">A size is not odd and positive, or <paramref name="filtersPerSize"/> is not positive.</exception>
    public RandomFilterNetwork(long seed = 1, int filtersPerSize = 64, int[]? sizes = null)
        : this(seed, filtersPerSize, sizes, DefaultGain) { }

    /// <summary>The default input gain.</summary>
    public const float DefaultGain = 64f;

    /// <summary>Draws the filters, with the input scaled by <paramref name="gain"/> after centring.</summary>
    /// <exception cref="ArgumentException">A size is not odd and positive, a count or the gain is not positive.</exception>
    public RandomFilterNetwork(long seed, int filtersPerSize, int[]? sizes, float gain)
    {
        sizes ??= DefaultSizes;
        if (filtersPerSize < 1) throw new ArgumentException($"the random-filter network needs at least one filter per size, got {filtersPerSize}.", nameof(filtersPerSize));
        if (sizes.Length == 0 || sizes.Any(s => s < 1 || s % 2 == 0))
            throw new ArgumentException($"random filter sizes must be odd and positive, got [{string.Join(", ", sizes)}].", nameof(sizes));
        if (!(gain > 0) || !float.IsFinite(gain)) throw new ArgumentException($"the random-filter network's gain must be positive, got {gain}.", nameof(gain));
        FiltersPerSize = filtersPerSize;
        Gain = gain;
        var rng = new Generator((ulong)seed);
        using var _ = Autograd.NoGrad();
        foreach (int size in sizes)
        {
            var w = Tensor.Randn([filtersPerSize, 3, size, size], rng);
            w -= w.Mean([1, 2, 3], keepDim: true);
            w /= (w * w).Sum([1, 2, 3], keepDim: true).Sqrt();
            _filters[$"k{size}"] = w;
        }
        Layers = [.. _filters.Keys];
    }

    /// <summary>Filters of each size.</summary>
    public int FiltersPerSize { get; }

    /// <summary>The factor the centred image is multiplied by before the filters.</summary>
    public float Gain { get; }

    /// <inheritdoc />
    public string Name => "random-filters";

    /// <inheritdoc />
    public int SizeMultiple => 1;

    /// <inheritdoc />
    public IReadOnlyList<string> Layers { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Activations(Tensor images, IReadOnlyList<string> layers)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(layers);
        if (images.Rank != 4 || images.Shape[1] != 3)
            throw new ArgumentException($"the random-filter network takes RGB images [N, 3, H, W], got {Common.ShapeText.Format(images.Shape)}.", nameof(images));
        var centred = (images - 0.5f) * Gain;
        var result = new Dictionary<string, Tensor>();
        foreach (var layer in layers)
        {
            var w = _filters.TryGetValue(layer, out var f) ? f
                : throw new ArgumentException($"the random-filter network has no layer '{layer}'; choose one of {string.Join(", ", Layers)}.");
            result[layer] = centred.Conv2d(w, padding: w.Shape[2] / 2).Relu();
        }
        return result;
    }
}
