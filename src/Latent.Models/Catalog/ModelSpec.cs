using System.Text.Json.Nodes;

namespace Latent.Models.Catalog;

/// <summary>Whether a model can be trained yet.</summary>
public enum ModelStatus
{
    /// <summary>Trains end to end from the command line.</summary>
    Available,

    /// <summary>Listed in the feature inventory but not built yet.</summary>
    Planned,
}

/// <summary>
/// A model as tools know it: name, family, the lecture features it covers, its typed options with their defaults,
/// and how to build it. Create one with <see cref="Of{TOptions}"/>, or <see cref="Planned"/> for one not built yet.
/// </summary>
public abstract class ModelSpec
{
    /// <summary>Keys a run's configuration holds beside the model's options: the model's name and where the run lives.</summary>
    public static IReadOnlyList<string> RunKeys { get; } = ["model", "run", "runs-dir"];

    private protected ModelSpec(string name, string family, string features, string summary)
    {
        Name = name;
        Family = family;
        Features = features;
        Summary = summary;
    }

    /// <summary>The name used with <c>latent train</c>, e.g. "vae".</summary>
    public string Name { get; }

    /// <summary>The family, e.g. "Vae".</summary>
    public string Family { get; }

    /// <summary>Feature ids it covers, e.g. "F21".</summary>
    public string Features { get; }

    /// <summary>One line for <c>latent models</c> and <c>--help</c>.</summary>
    public string Summary { get; }

    /// <summary>Available when it can be built.</summary>
    public abstract ModelStatus Status { get; }

    /// <summary>Its options with their defaults (empty while planned).</summary>
    public abstract IReadOnlyList<OptionDescriptor> Options { get; }

    /// <summary>The options record with this model's defaults (null while planned).</summary>
    public abstract ModelOptions? Defaults { get; }

    /// <summary>Binds a configuration (kebab-case keys; <see cref="RunKeys"/> are skipped) to this model's options record.</summary>
    /// <exception cref="ArgumentException">A key is unknown or a value does not fit.</exception>
    /// <exception cref="InvalidOperationException">The model is only planned.</exception>
    public abstract ModelOptions Bind(JsonObject config);

    /// <summary>Builds the model and its data from its options record.</summary>
    /// <exception cref="ArgumentException">The record is of another model's type, or its values conflict.</exception>
    /// <exception cref="InvalidOperationException">The model is only planned.</exception>
    public abstract TrainingSetup Create(ModelOptions options);

    /// <summary>Builds the model from a configuration: <see cref="Bind"/>, then <see cref="Create(ModelOptions)"/>.</summary>
    public TrainingSetup Create(JsonObject config) => Create(Bind(config));

    /// <summary>A model built by <paramref name="create"/> from a <typeparamref name="TOptions"/> record, with <paramref name="defaults"/> as its defaults.</summary>
    public static ModelSpec Of<TOptions>(string name, string family, string features, string summary, TOptions defaults,
        Func<TOptions, TrainingSetup> create) where TOptions : ModelOptions
        => new Buildable<TOptions>(name, family, features, summary, defaults, create);

    /// <summary>A model listed in the inventory but not built yet.</summary>
    public static ModelSpec Planned(string name, string family, string features, string summary) => new PlannedSpec(name, family, features, summary);

    private sealed class Buildable<TOptions>(string name, string family, string features, string summary, TOptions defaults,
        Func<TOptions, TrainingSetup> create) : ModelSpec(name, family, features, summary) where TOptions : ModelOptions
    {
        private readonly OptionSet _set = new(defaults);

        public override ModelStatus Status => ModelStatus.Available;

        public override IReadOnlyList<OptionDescriptor> Options => _set.Descriptors;

        public override ModelOptions Defaults => defaults;

        public override ModelOptions Bind(JsonObject config) => _set.Bind(config, RunKeys);

        public override TrainingSetup Create(ModelOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options is not TOptions typed)
                throw new ArgumentException($"Model '{Name}' takes {typeof(TOptions).Name}, got {options.GetType().Name}.", nameof(options));
            typed.Validate();
            return create(typed);
        }
    }

    private sealed class PlannedSpec(string name, string family, string features, string summary) : ModelSpec(name, family, features, summary)
    {
        public override ModelStatus Status => ModelStatus.Planned;

        public override IReadOnlyList<OptionDescriptor> Options => [];

        public override ModelOptions? Defaults => null;

        public override ModelOptions Bind(JsonObject config) => throw NotBuilt();

        public override TrainingSetup Create(ModelOptions options) => throw NotBuilt();

        private InvalidOperationException NotBuilt()
            => new($"Model '{Name}' ({Family}, {Features}) is planned but not built yet; `latent models` shows what is available.");
    }
}
