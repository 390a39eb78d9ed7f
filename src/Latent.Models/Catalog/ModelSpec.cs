namespace Latent.Models.Catalog;

/// <summary>Whether a model can be trained yet.</summary>
public enum ModelStatus
{
    /// <summary>Trains end to end from the command line.</summary>
    Available,

    /// <summary>Listed in the feature inventory but not built yet.</summary>
    Planned,
}

/// <summary>A trainable model as the command line knows it.</summary>
/// <param name="Name">The name used with <c>latent train</c>, e.g. "vae".</param>
/// <param name="Family">The family, e.g. "Autoencoders".</param>
/// <param name="Features">Feature ids it covers, e.g. "F21".</param>
/// <param name="Summary">One line for <c>latent models</c> and <c>--help</c>.</param>
/// <param name="Options">Model-specific options with defaults.</param>
/// <param name="Create">Builds the model and its data from a context; null while planned.</param>
public sealed record ModelSpec(string Name, string Family, string Features, string Summary,
    IReadOnlyList<ModelOption> Options, Func<ModelContext, TrainingSetup>? Create)
{
    /// <summary>
    /// Builds the model and its data. Options the context's configuration leaves out take their declared
    /// <see cref="ModelOption.Default"/>, so a factory sees the same defaults whether it runs from the command line or
    /// from code with a partial configuration.
    /// </summary>
    public Func<ModelContext, TrainingSetup>? Create { get; } = Create == null ? null : context => Create(context.WithDefaults(Options));

    /// <summary>Available when it has a factory.</summary>
    public ModelStatus Status => Create == null ? ModelStatus.Planned : ModelStatus.Available;

    /// <summary>A model listed in the inventory but not built yet.</summary>
    public static ModelSpec Planned(string name, string family, string features, string summary) => new(name, family, features, summary, [], null);
}
