using System.Diagnostics;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// Neural style transfer and texture synthesis (Gatys, Ecker and Bethge 2015/2016): an image is optimised so that
/// its deep activations match a content image's and its Gram matrices match a style image's (<see cref="StyleObjective"/>),
/// pixel by pixel with L-BFGS or Adam (<see cref="PixelOptimizer"/>).
/// </summary>
public static class StyleTransfer
{
    /// <summary>Renders <paramref name="content"/> in the style of <paramref name="style"/>.</summary>
    /// <param name="network">The frozen feature network.</param>
    /// <param name="content">The content image [1, 3, H, W] in [0, 1], already at the output size.</param>
    /// <param name="style">The style image [1, 3, h, w] in [0, 1].</param>
    /// <param name="options">Layers, weights and the optimiser.</param>
    /// <param name="progress">Called after each evaluation (may be null).</param>
    /// <param name="cancel">Stops between evaluations.</param>
    /// <exception cref="ArgumentException">An option is out of range or names an unknown layer.</exception>
    public static StyleResult Transfer(IImageFeatureNetwork network, Tensor content, Tensor style, StyleTransferOptions options,
        Action<int, IReadOnlyDictionary<string, double>>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var objective = new StyleObjective(network, options, style, content);
        var start = options.StartFromContent ? content : Noise(content.Shape[2], content.Shape[3], options.Seed);
        return Run(objective, start, options, progress, cancel);
    }

    /// <summary>Synthesises a <paramref name="height"/> × <paramref name="width"/> texture like <paramref name="texture"/>, from noise.</summary>
    /// <exception cref="ArgumentException">An option or size is out of range or names an unknown layer.</exception>
    public static StyleResult Texture(IImageFeatureNetwork network, Tensor texture, int height, int width, StyleTransferOptions options,
        Action<int, IReadOnlyDictionary<string, double>>? progress = null, CancellationToken cancel = default)
    {
        if (height < 16 || width < 16) throw new ArgumentException($"a texture must be at least 16 × 16 pixels, got {height} × {width}.");
        var objective = new StyleObjective(network, options, texture, content: null);
        return Run(objective, Noise(height, width, options.Seed), options, progress, cancel);
    }

    /// <summary>
    /// The α/β sweep: one transfer for each ratio α/β in <paramref name="ratios"/> (β = α / ratio), all from the content
    /// image with the same budget; the images [R, 3, H, W] in the order of the ratios.
    /// </summary>
    /// <exception cref="ArgumentException">A ratio is not positive, or an option is out of range.</exception>
    public static (Tensor Images, IReadOnlyList<StyleResult> Results) Sweep(IImageFeatureNetwork network, Tensor content, Tensor style,
        StyleTransferOptions options, IReadOnlyList<double> ratios, Action<double, int, IReadOnlyDictionary<string, double>>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        ArgumentNullException.ThrowIfNull(options);
        if (ratios.Count == 0 || ratios.Any(r => !(r > 0) || !double.IsFinite(r)))
            throw new ArgumentException($"Option --sweep needs positive α/β ratios, got [{string.Join(", ", ratios)}].");
        var results = new List<StyleResult>();
        foreach (double ratio in ratios)
        {
            var o = options with { StyleWeight = options.ContentWeight / ratio };
            results.Add(Transfer(network, content, style, o, progress == null ? null : (i, t) => progress(ratio, i, t), cancel));
        }
        return (Tensor.Concat([.. results.Select(r => r.Image)], 0), results);
    }

    /// <summary>
    /// A seeded starting image [1, 3, H, W]: grey 0.5 plus Gaussian noise of standard deviation 0.1, clamped to [0, 1].
    /// (Full-range white noise is a poor start for a network whose first layer has stride 2: it barely sees the
    /// pixel-level part of the noise, so much of it would survive the optimisation.)
    /// </summary>
    public static Tensor Noise(int height, int width, long seed)
    {
        using var _ = Autograd.NoGrad();
        return Tensor.Randn([1, 3, height, width], new Generator((ulong)seed), 0.5f, 0.1f).Clamp(0f, 1f);
    }

    private static StyleResult Run(StyleObjective objective, Tensor start, StyleTransferOptions options,
        Action<int, IReadOnlyDictionary<string, double>>? progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var (image, history) = PixelOptimizer.Minimize(start, objective.Evaluate, options.Optimizer, options.Evaluations, options.LearningRate, progress, cancel);
        return new StyleResult(image, history, clock.Elapsed.TotalSeconds);
    }
}
