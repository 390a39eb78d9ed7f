using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latent.Models.Common;

/// <summary>
/// The headline values of a study's JSON as (path, text) pairs: every scalar outside arrays, short arrays of scalars
/// inline, and for arrays of objects each scalar field gathered across the elements (<c>runs[*].modes_covered</c>).
/// Long series (plots' raw data) are left out.
/// </summary>
public static class JsonFacts
{
    /// <summary>Arrays longer than this are series, not facts.</summary>
    public const int MaxListed = 16;

    /// <summary>The facts of <paramref name="node"/>, in document order.</summary>
    public static IReadOnlyList<(string Path, string Value)> Collect(JsonNode? node)
    {
        var facts = new List<(string, string)>();
        Visit(node, "", facts);
        return facts;
    }

    private static void Visit(JsonNode? node, string path, List<(string, string)> facts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj) Visit(child, path.Length == 0 ? key : path + "." + key, facts);
                break;
            case JsonArray array when array.Count <= MaxListed && array.All(IsScalar):
                facts.Add((path, List(array)));
                break;
            case JsonArray array when array.Count <= MaxListed && array.All(e => e is JsonObject):
                var keys = array.SelectMany(e => ((JsonObject)e!).Select(kv => kv.Key)).Distinct();
                foreach (var key in keys)
                {
                    var values = array.Select(e => ((JsonObject)e!)[key]).ToList();
                    if (values.All(IsScalar)) facts.Add(($"{path}[*].{key}", List(values)));
                }
                break;
            case JsonArray:
                break;
            default:
                facts.Add((path, Text(node)));
                break;
        }
    }

    private static bool IsScalar(JsonNode? node) => node is null or JsonValue;

    private static string List(IEnumerable<JsonNode?> values) => "[" + string.Join(", ", values.Select(Text)) + "]";

    private static string Text(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => FormatNumber(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string FormatNumber(double v)
        => double.IsInteger(v) && Math.Abs(v) < 1e15 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("G5", CultureInfo.InvariantCulture);
}
