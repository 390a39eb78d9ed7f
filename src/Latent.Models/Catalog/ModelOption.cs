using System.Text.Json.Nodes;

namespace Latent.Models.Catalog;

/// <summary>A model-specific setting with its default; its type (int, double, string or bool) is the default's.</summary>
/// <param name="Name">Option name without dashes, kebab-case (e.g. "latent-dim").</param>
/// <param name="Description">One line shown in <c>--help</c>.</param>
/// <param name="Default">The default value.</param>
public sealed record ModelOption(string Name, string Description, JsonValue Default)
{
    /// <summary>An integer option.</summary>
    public static ModelOption Int(string name, int value, string description) => new(name, description, JsonValue.Create(value));

    /// <summary>A floating-point option.</summary>
    public static ModelOption Real(string name, double value, string description) => new(name, description, JsonValue.Create(value));

    /// <summary>A string option.</summary>
    public static ModelOption Text(string name, string value, string description) => new(name, description, JsonValue.Create(value));

    /// <summary>A switch.</summary>
    public static ModelOption Flag(string name, bool value, string description) => new(name, description, JsonValue.Create(value));
}
