using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latent.Models.Catalog;

/// <summary>
/// One configuration option as tools see it: name, help, kind, default, and for choices the accepted values. Read
/// off an options record by <see cref="OptionSet"/>; converts JSON values to the property's type with errors that
/// name the option.
/// </summary>
public sealed class OptionDescriptor
{
    private readonly Type _valueType;

    /// <summary>Describes an option of type <paramref name="type"/> (int, long, double, float, bool, string, an enum, int[], or a nullable of these).</summary>
    /// <param name="name">The name without dashes.</param>
    /// <param name="help">One line of help.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="defaultValue">The default (null for "automatic" or "none").</param>
    /// <param name="nullable">Whether null is a value; always true for <see cref="Nullable{T}"/> types.</param>
    /// <exception cref="ArgumentException">The type cannot be an option.</exception>
    public OptionDescriptor(string name, string help, Type type, object? defaultValue, bool nullable = false)
    {
        Name = name;
        Help = help;
        IsNullable = nullable || Nullable.GetUnderlyingType(type) != null;
        _valueType = Nullable.GetUnderlyingType(type) ?? type;
        Kind = KindOf(_valueType) ?? throw new ArgumentException($"Option --{name}: type {type.Name} cannot be a configuration option.");
        Choices = Kind == OptionKind.Choice ? OptionChoices.Names(_valueType) : [];
        Default = ToJson(defaultValue);
    }

    /// <summary>The name without dashes, e.g. "latent-dim".</summary>
    public string Name { get; }

    /// <summary>One line of help.</summary>
    public string Help { get; }

    /// <summary>How the value is written.</summary>
    public OptionKind Kind { get; }

    /// <summary>Whether null is a value (automatic, none).</summary>
    public bool IsNullable { get; }

    /// <summary>The accepted spellings of a choice, canonical ones in declaration order; empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>The default as JSON (null when the default is null).</summary>
    public JsonNode? Default { get; }

    /// <summary>The help line with the choices appended when there are any.</summary>
    public string Description => Choices.Count > 0 && !Help.Contains(Choices[0], StringComparison.Ordinal)
        ? $"{Help} ({string.Join(" | ", Choices)})"
        : Help;

    /// <summary>
    /// Converts a JSON value (or its text, as typed on a command line) to the option's type. For a nullable option,
    /// JSON null, "auto" and "none" give null, and so does 0 for a nullable number.
    /// </summary>
    /// <exception cref="ArgumentException">The value does not fit; the message names the option and what it expects.</exception>
    public object? Convert(JsonNode? node)
    {
        if (node == null)
            return IsNullable ? null : throw new ArgumentException($"Option --{Name} needs a value.");
        if (Kind != OptionKind.Text && node is JsonValue v0 && v0.GetValueKind() == JsonValueKind.String && IsNullable
            && v0.GetValue<string>().Trim() is "" or "auto" or "none" or "null")
            return null;
        return Kind switch
        {
            // 0 also means "automatic" for a nullable number, as it did before null existed: old config.json files keep working.
            OptionKind.Integer => ToInteger(node) is var i && IsNullable && Convert0(i) ? null : i,
            OptionKind.Number => ToNumber(node) is var x && IsNullable && Convert0(x) ? null : x,
            OptionKind.Switch => node.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => bool.TryParse(node.ToString(), out var b) ? b : throw Bad("true or false"),
            },
            OptionKind.Text => node.ToString(),
            OptionKind.Choice => OptionChoices.Parse(_valueType, node.ToString())
                ?? throw new ArgumentException($"Unknown {Name} \"{node}\": use {OptionChoices.List(Choices)}."),
            OptionKind.Sizes => ToSizes(node),
            _ => throw new InvalidOperationException($"Option --{Name}: unhandled kind {Kind}."),
        };
    }

    /// <summary>The JSON form of a value of the option's type (enums by their canonical spelling, sizes comma-separated).</summary>
    public JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        Enum e => JsonValue.Create(OptionChoices.Name(e)),
        int[] sizes => JsonValue.Create(string.Join(",", sizes)),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => throw new ArgumentException($"Option --{Name}: cannot write a {value.GetType().Name}."),
    };

    private object ToInteger(JsonNode node)
    {
        double value = node.GetValueKind() == JsonValueKind.Number
            ? Number(node)
            : long.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Bad("an integer");
        if (!double.IsInteger(value)) throw Bad("an integer");
        if (_valueType == typeof(long)) return (long)value;
        if (value is > int.MaxValue or < int.MinValue) throw Bad("an integer of at most 2147483647");
        return (int)value;
    }

    private object ToNumber(JsonNode node)
    {
        double value = node.GetValueKind() == JsonValueKind.Number
            ? Number(node)
            : double.TryParse(node.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Bad("a number");
        return _valueType == typeof(float) ? (object)(float)value : value;
    }

    private int[] ToSizes(JsonNode node)
    {
        if (node is JsonArray array) return array.Select(e => (int)ToInteger(e ?? throw Bad("a list of sizes"))).Select(CheckSize(node)).ToArray();
        string text = node.ToString();
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : 0)
            .Select(CheckSize(node)).ToArray();
    }

    private Func<int, int> CheckSize(JsonNode node) => v => v > 0 ? v
        : throw new ArgumentException($"Option --{Name}: layer sizes must be positive integers separated by commas, got \"{node}\".");

    private static bool Convert0(object value) => value switch { int i => i == 0, long l => l == 0, double d => d == 0, float f => f == 0, _ => false };

    private static double Number(JsonNode n) => double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    private ArgumentException Bad(string what) => new($"Option --{Name} must be {what}.");

    private static OptionKind? KindOf(Type t)
    {
        if (t == typeof(int) || t == typeof(long)) return OptionKind.Integer;
        if (t == typeof(double) || t == typeof(float)) return OptionKind.Number;
        if (t == typeof(bool)) return OptionKind.Switch;
        if (t == typeof(string)) return OptionKind.Text;
        if (t.IsEnum) return OptionKind.Choice;
        if (t == typeof(int[])) return OptionKind.Sizes;
        return null;
    }

    /// <summary>The property behind a declared option, with its descriptor.</summary>
    internal static OptionDescriptor Of(PropertyInfo property, OptionAttribute attribute, object defaults)
        => new(attribute.Name, attribute.Help, property.PropertyType, property.GetValue(defaults),
            new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable);
}
