using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>A synthesised image with its record: the loss terms of every evaluation and the wall-clock time.</summary>
/// <param name="Image">The result [1, 3, H, W] in [0, 1].</param>
/// <param name="History">The loss terms of each evaluation (first = the starting image).</param>
/// <param name="Seconds">Wall-clock seconds of the optimisation.</param>
public sealed record StyleResult(Tensor Image, IReadOnlyList<IReadOnlyDictionary<string, double>> History, double Seconds)
{
    /// <summary>The terms of the starting image and of the result, and the time, as JSON.</summary>
    public JsonObject ToJson()
    {
        static JsonObject Terms(IReadOnlyDictionary<string, double> t) => new(t.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return new JsonObject
        {
            ["evaluations"] = History.Count,
            ["seconds"] = Math.Round(Seconds, 2),
            ["height"] = Image.Shape[2],
            ["width"] = Image.Shape[3],
            ["start"] = Terms(History[0]),
            ["final"] = Terms(History[^1]),
            ["best_loss"] = History.Min(t => t["loss"]),
        };
    }
}
