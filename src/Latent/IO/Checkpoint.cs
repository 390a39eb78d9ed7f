using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.IO;

/// <summary>
/// A checkpoint as a pair of files sharing a stem: <c>stem.safetensors</c> (the tensors, F32) and <c>stem.json</c>
/// (free-form metadata such as config, optimizer state, RNG state and step, plus the SHA-256 of the weights file).
/// The side file is the commit point: new weights are first written beside the old ones as
/// <c>stem.pending.safetensors</c>, then the side file with their hash replaces the old one, then the pending weights
/// are renamed over the old. A process killed at any moment leaves either the old pair or the new one loadable, and
/// a pair that does not match its hash is reported, never loaded.
/// </summary>
/// <example>
/// <code>
/// var meta = new JsonObject { ["step"] = step, ["rng"] = Checkpoint.GeneratorState(gen) };
/// Checkpoint.Save("runs/vae/checkpoints/step-1000", model.StateDict(), meta);
/// var ckpt = Checkpoint.Load("runs/vae/checkpoints/step-1000");
/// </code>
/// </example>
public sealed class Checkpoint
{
    /// <summary>The value of the side file's "format" field.</summary>
    public const string FormatName = "latent-checkpoint";

    /// <summary>Creates an in-memory checkpoint.</summary>
    public Checkpoint(IReadOnlyDictionary<string, Tensor> tensors, JsonObject metadata)
    {
        Tensors = tensors ?? throw new ArgumentNullException(nameof(tensors));
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
    }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The metadata stored in the side file.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The weights file of <paramref name="stem"/>.</summary>
    public static string WeightsPath(string stem) => Stem(stem) + ".safetensors";

    /// <summary>The JSON side file of <paramref name="stem"/>.</summary>
    public static string StatePath(string stem) => Stem(stem) + ".json";

    /// <summary>The stem of a checkpoint path: a path that already names the weights or the state file is accepted as well.</summary>
    public static string Stem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var extension in new[] { ".safetensors", ".json" })
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return path[..^extension.Length];
        return path;
    }

    /// <summary>Where new weights wait until their side file is written.</summary>
    private static string PendingPath(string stem) => Stem(stem) + ".pending.safetensors";

    /// <summary>True when the side file of <paramref name="stem"/> and weights for it exist.</summary>
    public static bool Exists(string stem)
        => File.Exists(StatePath(stem)) && (File.Exists(WeightsPath(stem)) || File.Exists(PendingPath(stem)));

    /// <summary>Writes the checkpoint files of <paramref name="stem"/> atomically (weights, then the side file).</summary>
    /// <param name="stem">The path without extension, e.g. <c>runs/x/checkpoints/step-1000</c>.</param>
    /// <param name="tensors">The tensors to store (model weights, optimizer moments …).</param>
    /// <param name="metadata">Any JSON; it is copied, not attached.</param>
    public static void Save(string stem, IReadOnlyDictionary<string, Tensor> tensors, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentNullException.ThrowIfNull(metadata);
        var weights = SafeTensors.Encode(tensors);
        AtomicFile.WriteAllBytes(PendingPath(stem), weights);
        var side = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = 1,
            ["weights"] = Path.GetFileName(WeightsPath(stem)),
            ["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(weights)),
            ["saved_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["metadata"] = metadata.DeepClone(),
        };
        AtomicFile.WriteJson(StatePath(stem), side);
        File.Move(PendingPath(stem), WeightsPath(stem), overwrite: true);
    }

    /// <summary>Loads the checkpoint files of <paramref name="stem"/>.</summary>
    /// <exception cref="FileNotFoundException">A file of the pair is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or the weights do not match the hash in the side file.</exception>
    public static Checkpoint Load(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        string statePath = StatePath(stem), weightsPath = WeightsPath(stem);
        if (!File.Exists(statePath)) throw new FileNotFoundException($"Checkpoint side file '{statePath}' does not exist.", statePath);
        string pendingPath = PendingPath(stem);
        if (!File.Exists(weightsPath) && !File.Exists(pendingPath))
            throw new FileNotFoundException($"Checkpoint weights '{weightsPath}' do not exist.", weightsPath);

        JsonObject side;
        try
        {
            side = JsonNode.Parse(File.ReadAllText(statePath)) as JsonObject
                ?? throw new InvalidDataException($"Checkpoint side file '{statePath}': the root is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint side file '{statePath}': invalid JSON ({e.Message}).", e);
        }
        if (side["format"]?.GetValueKind() != JsonValueKind.String || (string?)side["format"] != FormatName)
            throw new InvalidDataException($"Checkpoint side file '{statePath}': \"format\" is not \"{FormatName}\".");
        if (side["metadata"] is not JsonObject metadata)
            throw new InvalidDataException($"Checkpoint side file '{statePath}': \"metadata\" is missing or not an object.");

        byte[]? weights = File.Exists(weightsPath) ? File.ReadAllBytes(weightsPath) : null;
        if (side["weights_sha256"] is JsonValue hashNode && hashNode.TryGetValue(out string? expected))
        {
            if (weights == null || !Matches(weights, expected))
            {
                // A save stopped after its side file: the weights it describes are still pending.
                var pending = File.Exists(pendingPath) ? File.ReadAllBytes(pendingPath) : null;
                if (pending == null || !Matches(pending, expected))
                    throw new InvalidDataException($"Checkpoint '{stem}': '{weightsPath}' does not match the SHA-256 recorded in '{statePath}' (the pair is torn or the weights were replaced).");
                weights = pending;
            }
        }
        else if (weights == null) throw new FileNotFoundException($"Checkpoint weights '{weightsPath}' do not exist.", weightsPath);
        var file = SafeTensors.Decode(weights, weightsPath);
        side.Remove("metadata");
        return new Checkpoint(file.Tensors, metadata);
    }

    private static bool Matches(byte[] bytes, string sha256)
        => string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256, StringComparison.OrdinalIgnoreCase);

    /// <summary>The state of <paramref name="generator"/> as JSON (four 64-bit words as hex strings, exact in any JSON reader).</summary>
    public static JsonArray GeneratorState(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var array = new JsonArray();
        foreach (ulong word in generator.GetState()) array.Add(word.ToString("x16", CultureInfo.InvariantCulture));
        return array;
    }

    /// <summary>Restores a state written by <see cref="GeneratorState"/> into <paramref name="generator"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON is not four hex words.</exception>
    public static void RestoreGeneratorState(Generator generator, JsonNode? state)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (state is not JsonArray { Count: 4 } array)
            throw new InvalidDataException($"Generator state must be a JSON array of four hex strings, got {state?.ToJsonString() ?? "null"}.");
        var words = new ulong[4];
        for (int i = 0; i < 4; i++)
        {
            if (array[i] is not JsonValue v || !v.TryGetValue(out string? hex)
                || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]))
                throw new InvalidDataException($"Generator state word {i} ({array[i]?.ToJsonString() ?? "null"}) is not a hex string.");
        }
        try
        {
            generator.SetState(words);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Generator state is invalid: {e.Message}", e);
        }
    }
}
