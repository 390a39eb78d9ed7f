using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// The serializable state of an optimizer, schedule or weight average: tensors (to store in safetensors) plus a JSON
/// object with hyper-parameters, step counts and other scalars.
/// </summary>
/// <remarks>
/// Tensor keys look like <c>state.{paramIndex}.{buffer}</c> (for example <c>state.0.exp_avg</c>), where the
/// parameter index counts over all parameter groups in order, or <c>global.{name}</c> for state that belongs to the
/// whole optimizer (the L-BFGS history). Numbers in <see cref="Json"/> are doubles and longs, which System.Text.Json
/// writes and reads back exactly, so loading a saved state resumes bit-identically.
/// </remarks>
public sealed class OptimizerState
{
    /// <summary>Creates an empty state.</summary>
    public OptimizerState() : this(new Dictionary<string, Tensor>(), new JsonObject()) { }

    /// <summary>Creates a state from tensors and JSON read back from a checkpoint.</summary>
    public OptimizerState(Dictionary<string, Tensor> tensors, JsonObject json)
    {
        Tensors = tensors ?? throw new ArgumentNullException(nameof(tensors));
        Json = json ?? throw new ArgumentNullException(nameof(json));
    }

    /// <summary>State tensors by key (copies, not aliases of the optimizer's buffers).</summary>
    public Dictionary<string, Tensor> Tensors { get; }

    /// <summary>Hyper-parameters, step counts and other scalars.</summary>
    public JsonObject Json { get; }

    /// <summary>The tensor stored under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">The key is missing.</exception>
    public Tensor GetTensor(string key)
        => Tensors.TryGetValue(key, out var t) ? t : throw new InvalidDataException($"Optimizer state: missing tensor '{key}'.");

    /// <summary>The JSON number stored under <paramref name="key"/> of <paramref name="obj"/>, as a double.</summary>
    /// <exception cref="InvalidDataException">The key is missing or not a number.</exception>
    public static double Number(JsonObject obj, string key)
    {
        if (obj[key] is JsonValue v)
        {
            if (v.TryGetValue(out double d)) return d;
            if (v.TryGetValue(out long l)) return l;
        }
        throw new InvalidDataException($"Optimizer state: '{key}' is missing or not a number in {obj.ToJsonString()}.");
    }

    /// <summary>The JSON integer stored under <paramref name="key"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="InvalidDataException">The key is missing or not an integer.</exception>
    public static long Integer(JsonObject obj, string key)
    {
        if (obj[key] is JsonValue v)
        {
            if (v.TryGetValue(out long l)) return l;
            if (v.TryGetValue(out int i)) return i;
            if (v.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        }
        throw new InvalidDataException($"Optimizer state: '{key}' is missing or not an integer in {obj.ToJsonString()}.");
    }

    /// <summary>The JSON object stored under <paramref name="key"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="InvalidDataException">The key is missing or not an object.</exception>
    public static JsonObject Object(JsonObject obj, string key)
        => obj[key] as JsonObject ?? throw new InvalidDataException($"Optimizer state: '{key}' is missing or not an object.");

    /// <summary>The JSON array stored under <paramref name="key"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="InvalidDataException">The key is missing or not an array.</exception>
    public static JsonArray Array(JsonObject obj, string key)
        => obj[key] as JsonArray ?? throw new InvalidDataException($"Optimizer state: '{key}' is missing or not an array.");

    /// <summary>Checks that the state was written by <paramref name="expectedType"/>.</summary>
    /// <exception cref="InvalidDataException">The state names another type.</exception>
    public void CheckType(string expectedType)
    {
        var type = Json["type"]?.GetValue<string>();
        if (type != expectedType)
            throw new InvalidDataException($"Optimizer state was saved by '{type ?? "(none)"}' and cannot be loaded into '{expectedType}'.");
    }
}
