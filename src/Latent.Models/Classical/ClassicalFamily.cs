using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Classical;

/// <summary>The Classical family: closed-form and EM-trained generative models (planned).</summary>
public sealed class ClassicalFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static ClassicalFamily Instance { get; } = new();

    private ClassicalFamily() { }

    /// <inheritdoc />
    public string Name => "Classical";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Planned("gaussian-classifier", "Classical", "F12", "Gaussian generative classifier, naive Bayes"),
        ModelSpec.Planned("gmm", "Classical", "F12", "Gaussian mixture fitted by EM"),
        ModelSpec.Planned("hmm", "Classical", "F13 F14", "Markov chains and hidden Markov models"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [];
}
