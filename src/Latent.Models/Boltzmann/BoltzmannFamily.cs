using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Boltzmann;

/// <summary>The Boltzmann family: energy-based models trained by Gibbs sampling (planned).</summary>
public sealed class BoltzmannFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static BoltzmannFamily Instance { get; } = new();

    private BoltzmannFamily() { }

    /// <inheritdoc />
    public string Name => "Boltzmann";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("rbm", "Boltzmann", "F35", "Bernoulli RBM trained with CD-k or PCD"),
        ModelSpec.Planned("dbn", "Boltzmann", "F35", "Deep belief net: greedy RBM stack and fine-tuning"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
