using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latent.Cli;

/// <summary>
/// A command-line option that feeds one configuration key: typed from its default (int, number, text or switch), and
/// read back as JSON only when the user gave it explicitly, so config files are overridden only by what was typed.
/// </summary>
internal sealed class ConfigOption
{
    private readonly Func<ParseResult, JsonNode?> _read;

    private ConfigOption(string key, Option option, JsonValue defaultValue, Func<ParseResult, JsonNode?> read)
    {
        Key = key;
        Option = option;
        Default = defaultValue;
        _read = read;
    }

    /// <summary>The configuration key (the option name without dashes).</summary>
    public string Key { get; }

    /// <summary>The System.CommandLine option.</summary>
    public Option Option { get; }

    /// <summary>The value used when neither a config file nor the command line sets it.</summary>
    public JsonValue Default { get; }

    /// <summary>The typed value when given explicitly on the command line, else null.</summary>
    public JsonNode? ExplicitValue(ParseResult result) => result.GetResult(Option) is { Implicit: false } ? _read(result) : null;

    /// <summary>Creates an option typed after <paramref name="defaultValue"/>.</summary>
    public static ConfigOption Create(string key, string description, JsonValue defaultValue)
    {
        string name = "--" + key;
        switch (defaultValue.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
            {
                var o = new Option<bool>(name) { Description = description, DefaultValueFactory = _ => defaultValue.GetValue<bool>() };
                return new ConfigOption(key, o, defaultValue, r => JsonValue.Create(r.GetValue(o)));
            }
            case JsonValueKind.Number when IsInteger(defaultValue):
            {
                var o = new Option<long>(name) { Description = description, DefaultValueFactory = _ => (long)AsDouble(defaultValue) };
                return new ConfigOption(key, o, defaultValue, r => JsonValue.Create(r.GetValue(o)));
            }
            case JsonValueKind.Number:
            {
                var o = new Option<double>(name) { Description = description, DefaultValueFactory = _ => AsDouble(defaultValue) };
                return new ConfigOption(key, o, defaultValue, r => JsonValue.Create(r.GetValue(o)));
            }
            default:
            {
                var o = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue.ToString() };
                return new ConfigOption(key, o, defaultValue, r => JsonValue.Create(r.GetValue(o)));
            }
        }
    }

    private static bool IsInteger(JsonValue v) => double.IsInteger(AsDouble(v));

    private static double AsDouble(JsonValue v) => double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
}
