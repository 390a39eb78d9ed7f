namespace Latent.Models.Catalog;

/// <summary>
/// Declares a property of a model's options record as a configuration option: its <c>--kebab-case</c> name on the
/// command line and in JSON, and one line of help. The property's type is the option's type and the property's value
/// in the model's default record is its default.
/// </summary>
/// <param name="name">The option name without dashes, e.g. "latent-dim".</param>
/// <param name="help">One line shown by <c>--help</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class OptionAttribute(string name, string help) : Attribute
{
    /// <summary>The option name without dashes.</summary>
    public string Name { get; } = name;

    /// <summary>One line of help.</summary>
    public string Help { get; } = help;
}

/// <summary>
/// The spellings of an enum member as an option value: the first is how it is written in <c>config.json</c>, the
/// others are accepted too. Members without it are written as the kebab-case of their name.
/// </summary>
/// <param name="names">The canonical spelling first, then aliases.</param>
[AttributeUsage(AttributeTargets.Field)]
public sealed class OptionValueAttribute(params string[] names) : Attribute
{
    /// <summary>The canonical spelling first, then aliases.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
