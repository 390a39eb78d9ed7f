using System.CommandLine;
using System.Text.Json.Nodes;
using Latent.Models.Catalog;

namespace Latent.Cli;

/// <summary>
/// A command-line option that feeds one configuration key, typed after its <see cref="OptionDescriptor"/> (a whole
/// number, a number, a switch, or text for names, choices and size lists), and read back as JSON only when the user
/// gave it explicitly, so config files are overridden only by what was typed.
/// </summary>
internal sealed class ConfigOption
{
    private readonly Func<ParseResult, JsonNode?> _read;

    private ConfigOption(OptionDescriptor descriptor, Option option, Func<ParseResult, JsonNode?> read)
    {
        Descriptor = descriptor;
        Option = option;
        _read = read;
    }

    /// <summary>What the option is.</summary>
    public OptionDescriptor Descriptor { get; }

    /// <summary>The configuration key (the option name without dashes).</summary>
    public string Key => Descriptor.Name;

    /// <summary>The value used when neither a config file nor the command line sets it (null: automatic).</summary>
    public JsonNode? Default => Descriptor.Default;

    /// <summary>The System.CommandLine option.</summary>
    public Option Option { get; }

    /// <summary>The typed value when given explicitly on the command line, else null.</summary>
    public JsonNode? ExplicitValue(ParseResult result) => result.GetResult(Option) is { Implicit: false } ? _read(result) : null;

    /// <summary>Creates the command-line option of <paramref name="descriptor"/>.</summary>
    public static ConfigOption Create(OptionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        string name = "--" + descriptor.Name;
        string description = descriptor.Description;
        switch (descriptor.Kind)
        {
            case OptionKind.Switch:
            {
                var o = new Option<bool>(name) { Description = description, DefaultValueFactory = _ => descriptor.Default?.GetValueKind() == System.Text.Json.JsonValueKind.True };
                return new ConfigOption(descriptor, o, r => JsonValue.Create(r.GetValue(o)));
            }
            case OptionKind.Integer when descriptor.IsNullable:
            {
                var o = new Option<long?>(name) { Description = description };
                return new ConfigOption(descriptor, o, r => r.GetValue(o) is long v ? JsonValue.Create(v) : null);
            }
            case OptionKind.Integer:
            {
                var o = new Option<long>(name) { Description = description, DefaultValueFactory = _ => (long)Number(descriptor.Default) };
                return new ConfigOption(descriptor, o, r => JsonValue.Create(r.GetValue(o)));
            }
            case OptionKind.Number when descriptor.IsNullable:
            {
                var o = new Option<double?>(name) { Description = description };
                return new ConfigOption(descriptor, o, r => r.GetValue(o) is double v ? JsonValue.Create(v) : null);
            }
            case OptionKind.Number:
            {
                var o = new Option<double>(name) { Description = description, DefaultValueFactory = _ => Number(descriptor.Default) };
                return new ConfigOption(descriptor, o, r => JsonValue.Create(r.GetValue(o)));
            }
            default:
            {
                var o = new Option<string>(name) { Description = description, DefaultValueFactory = _ => descriptor.Default?.ToString() ?? "" };
                if (descriptor.Choices.Count > 0) o.CompletionSources.Add([.. descriptor.Choices]); // bad values get the binder's message
                return new ConfigOption(descriptor, o, r => JsonValue.Create(r.GetValue(o)));
            }
        }
    }

    private static double Number(JsonNode? node)
        => double.Parse(node!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
}
