using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Training;

namespace Latent.Models.Catalog;

/// <summary>A run reopened from disk: its configuration, its catalog model and that model with the latest checkpoint loaded.</summary>
/// <param name="Run">The run directory.</param>
/// <param name="Config">The run's <c>config.json</c>.</param>
/// <param name="Spec">The catalog entry named by the configuration.</param>
/// <param name="Options">The model's options bound from the configuration.</param>
/// <param name="Setup">The model (in evaluation mode, weights from the latest checkpoint) with its data.</param>
public sealed record TrainedRun(RunDirectory Run, JsonObject Config, ModelSpec Spec, ModelOptions Options, TrainingSetup Setup)
{
    /// <summary>Rebuilds the run's model from its configuration and loads its latest checkpoint.</summary>
    /// <exception cref="InvalidDataException">The configuration is missing, not an object, or names no known model.</exception>
    /// <exception cref="InvalidOperationException">The model is only planned, or the run holds no checkpoint.</exception>
    public static TrainedRun Open(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var config = run.ReadConfig() as JsonObject
            ?? throw new InvalidDataException($"'{run.ConfigPath}' is missing or not a JSON object.");
        string modelName = config["model"]?.ToString() ?? throw new InvalidDataException($"'{run.ConfigPath}' does not name its model.");
        var spec = ModelCatalog.Find(modelName) ?? throw new InvalidDataException($"'{run.ConfigPath}' names unknown model '{modelName}'.");
        if (spec.Status != ModelStatus.Available) throw new InvalidOperationException($"model '{modelName}' is not available in this version.");
        var stem = run.LatestCheckpointStem() ?? throw new InvalidOperationException($"'{run.CheckpointsDirectory}' holds no checkpoint.");
        ModelOptions options;
        try { options = spec.Bind(config); }
        catch (ArgumentException e) { throw new InvalidDataException($"'{run.ConfigPath}': {e.Message}", e); }
        var setup = spec.Create(options);
        TrainingCheckpoint.Load(stem, setup.Model);
        setup.Model.SetTraining(false);
        return new TrainedRun(run, config, spec, options, setup);
    }
}
