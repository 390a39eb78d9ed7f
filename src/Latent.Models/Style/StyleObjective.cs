using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// Gatys et al.'s objective for one content and one style image: L = α·Σ_content ½‖F − P‖² + β·(1/L)·Σ_style E_l +
/// γ·TV(x). The targets (content activations, style Gram matrices per position) are computed once, without a graph.
/// Without a content image it is the texture-synthesis objective (α is ignored).
/// </summary>
public sealed class StyleObjective
{
    private readonly IImageFeatureNetwork _network;
    private readonly StyleTransferOptions _options;
    private readonly Dictionary<string, Tensor> _contentTargets = [];
    private readonly Dictionary<string, Tensor> _styleTargets = [];
    private readonly string[] _layers;

    /// <summary>Computes the targets.</summary>
    /// <param name="network">The feature network.</param>
    /// <param name="options">Layers and weights.</param>
    /// <param name="style">The style image [1, 3, h, w] in [0, 1].</param>
    /// <param name="content">The content image [1, 3, H, W] in [0, 1], or null for texture synthesis.</param>
    /// <exception cref="ArgumentException">A layer is unknown to the network, or an image is not [1, 3, H, W].</exception>
    public StyleObjective(IImageFeatureNetwork network, StyleTransferOptions options, Tensor style, Tensor? content)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(style);
        options.Validate();
        HasContent = content != null;
        var contentLayers = HasContent ? options.ContentLayers : [];
        _layers = [.. options.StyleLayers.Concat(contentLayers).Distinct()];
        using var _ = Autograd.NoGrad();
        foreach (var (layer, a) in network.Activations(style, options.StyleLayers)) _styleTargets[layer] = StyleLosses.GramPerPosition(a);
        if (content != null)
            foreach (var (layer, a) in network.Activations(content, contentLayers)) _contentTargets[layer] = a.Detach();
    }

    /// <summary>True when a content image was given (style transfer), false for texture synthesis.</summary>
    public bool HasContent { get; }

    /// <summary>The weighted loss of <paramref name="image"/> [1, 3, H, W] (with its graph) and its terms (each style layer's E_l, their mean, the content loss and TV, all unweighted, and the weighted total).</summary>
    /// <exception cref="ArgumentException">The image's activations do not match the content targets' shapes.</exception>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Terms) Evaluate(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var activations = _network.Activations(image, _layers);
        var terms = new Dictionary<string, double>();
        Tensor style = Tensor.Scalar(0f);
        foreach (var (layer, perPosition) in _styleTargets)
        {
            var a = activations[layer];
            var e = StyleLosses.Style(a, perPosition * (float)(a.Shape[2] * a.Shape[3]));
            terms[$"style:{layer}"] = e.Item();
            style += e;
        }
        style *= 1f / _styleTargets.Count;
        var loss = style * (float)_options.StyleWeight;
        terms["style"] = style.Item();
        if (HasContent)
        {
            Tensor content = Tensor.Scalar(0f);
            foreach (var (layer, target) in _contentTargets) content += StyleLosses.Content(activations[layer], target);
            loss += content * (float)_options.ContentWeight;
            terms["content"] = content.Item();
        }
        if (_options.TvWeight > 0)
        {
            var tv = StyleLosses.TotalVariation(image);
            loss += tv * (float)_options.TvWeight;
            terms["tv"] = tv.Item();
        }
        terms["loss"] = loss.Item();
        return (loss, terms);
    }
}
