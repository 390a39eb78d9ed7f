using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Training;

/// <summary>
/// Saves and restores everything a run needs to continue bit-exactly: module weights and buffers, optimizer state,
/// the model's extra state and random generator, and the position in the data.
/// </summary>
public static class TrainingCheckpoint
{
    private const string ModulePrefix = "model.", OptimizerPrefix = "optim.", ExtraPrefix = "extra.";

    /// <summary>Writes a checkpoint pair (safetensors + JSON) at <paramref name="stem"/>, atomically.</summary>
    public static void Save(string stem, TrainableModel model, TrainingPosition position, JsonNode? config = null)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, module) in model.Modules)
            foreach (var (key, t) in module.StateDict())
                tensors[$"{ModulePrefix}{name}.{key}"] = t;
        var optimizers = new JsonObject();
        foreach (var (name, optimizer) in model.Optimizers)
        {
            var state = optimizer.StateDict();
            foreach (var (key, t) in state.Tensors) tensors[$"{OptimizerPrefix}{name}.{key}"] = t;
            optimizers[name] = state.Json.DeepClone();
        }
        var extraTensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var extra = new JsonObject();
        model.SaveExtraState(extraTensors, extra);
        foreach (var (key, t) in extraTensors) tensors[ExtraPrefix + key] = t;
        var metadata = new JsonObject
        {
            ["step"] = position.Step,
            ["epoch"] = position.Epoch,
            ["batch_in_epoch"] = position.BatchInEpoch,
            ["loader_epoch_rng"] = Hex(position.LoaderEpochState),
            ["model_rng"] = Checkpoint.GeneratorState(model.Rng),
            ["optimizers"] = optimizers,
            ["extra"] = extra,
        };
        if (position.EpochSums is { Count: > 0 } sums)
            metadata["epoch_sums"] = new JsonObject(sums.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        if (config != null) metadata["config"] = config.DeepClone();
        Checkpoint.Save(stem, tensors, metadata);
    }

    /// <summary>Loads the checkpoint at <paramref name="stem"/> into <paramref name="model"/> and returns where the run stood.</summary>
    /// <exception cref="InvalidDataException">The checkpoint does not belong to this model (missing or mis-shaped tensors, unknown optimizers).</exception>
    public static TrainingPosition Load(string stem, TrainableModel model)
    {
        var checkpoint = Checkpoint.Load(stem);
        var meta = checkpoint.Metadata;
        foreach (var (name, module) in model.Modules)
        {
            var state = WithPrefix(checkpoint, $"{ModulePrefix}{name}.");
            try
            {
                module.LoadStateDict(state);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"Checkpoint '{stem}' does not fit module '{name}': {e.Message}", e);
            }
        }
        var optimizers = meta["optimizers"] as JsonObject ?? throw new InvalidDataException($"Checkpoint '{stem}' has no optimizer state.");
        foreach (var (name, optimizer) in model.Optimizers)
        {
            if (optimizers[name] is not JsonObject json)
                throw new InvalidDataException($"Checkpoint '{stem}' has no state for optimizer '{name}'.");
            var tensors = WithPrefix(checkpoint, $"{OptimizerPrefix}{name}.");
            optimizer.LoadStateDict(new OptimizerState(tensors, (JsonObject)json.DeepClone()));
        }
        var extra = WithPrefix(checkpoint, ExtraPrefix);
        model.LoadExtraState(extra, meta["extra"] as JsonObject ?? new JsonObject());
        Checkpoint.RestoreGeneratorState(model.Rng, meta["model_rng"]);
        var loaderState = new Generator();
        Checkpoint.RestoreGeneratorState(loaderState, meta["loader_epoch_rng"]);
        var sums = (meta["epoch_sums"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<double>() ?? double.NaN);
        return new TrainingPosition(Integer(meta, "step", stem), (int)Integer(meta, "epoch", stem),
            (int)Integer(meta, "batch_in_epoch", stem), loaderState.GetState(), sums);
    }

    // The checkpoint's tensors under one prefix, keyed by the rest of their names.
    private static Dictionary<string, Tensor> WithPrefix(Checkpoint checkpoint, string prefix)
        => checkpoint.Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    private static JsonArray Hex(ulong[] words)
    {
        var g = new Generator();
        g.SetState(words);
        return Checkpoint.GeneratorState(g);
    }

    private static long Integer(JsonObject meta, string key, string stem)
        => meta[key] is JsonValue v && v.TryGetValue(out long value) ? value
            : throw new InvalidDataException($"Checkpoint '{stem}': '{key}' is missing or not an integer.");
}
