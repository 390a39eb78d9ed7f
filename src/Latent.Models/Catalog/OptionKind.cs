namespace Latent.Models.Catalog;

/// <summary>How an option's value is written on the command line and in JSON.</summary>
public enum OptionKind
{
    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A floating-point number.</summary>
    Number,

    /// <summary>A switch: true or false.</summary>
    Switch,

    /// <summary>Free text (a path, a name).</summary>
    Text,

    /// <summary>One of the members of an enum, written in kebab-case.</summary>
    Choice,

    /// <summary>A comma-separated list of positive sizes, e.g. "512,256" (empty for none).</summary>
    Sizes,
}
