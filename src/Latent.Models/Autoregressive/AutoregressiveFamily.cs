using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Autoregressive;

/// <summary>The Autoregressive family: models that generate one value at a time (planned).</summary>
public sealed class AutoregressiveFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static AutoregressiveFamily Instance { get; } = new();

    private AutoregressiveFamily() { }

    /// <inheritdoc />
    public string Name => "Autoregressive";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("pixelcnn", "Autoregressive", "F34", "PixelCNN with masked convolutions and a 256-way softmax"),
        ModelSpec.Planned("gated-pixelcnn", "Autoregressive", "F34", "Gated PixelCNN"),
        ModelSpec.Planned("pixelrnn", "Autoregressive", "F34", "PixelRNN (row LSTM)"),
        ModelSpec.Planned("wavenet", "Autoregressive", "F34", "WaveNet: dilated causal convolutions"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
