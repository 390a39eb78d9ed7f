using System.Reflection;
using System.Text.Json.Nodes;

namespace Latent.Models.Catalog;

/// <summary>
/// The options an options record declares with <see cref="OptionAttribute"/> (base-record options first), and the
/// generic binding between such a record and JSON: what the command line, <c>--config</c> files and a run's
/// <c>config.json</c> all use, so no code reads an option by its name.
/// </summary>
public sealed class OptionSet
{
    private readonly (PropertyInfo Property, OptionDescriptor Descriptor)[] _options;
    private readonly MethodInfo _clone;

    /// <summary>Reads the declared options of <paramref name="defaults"/>' type, with its values as defaults.</summary>
    /// <exception cref="InvalidOperationException">Two properties declare the same name, or the type is not a record.</exception>
    public OptionSet(ModelOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var type = defaults.GetType();
        _clone = type.GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{type.Name} must be a record.");
        _options = Hierarchy(type)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<OptionAttribute>()))
            .Where(p => p.Attribute != null)
            .Select(p => (p.Property, OptionDescriptor.Of(p.Property, p.Attribute!, defaults)))
            .ToArray();
        var duplicate = _options.GroupBy(o => o.Descriptor.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new InvalidOperationException($"{type.Name} declares option --{duplicate.Key} twice.");
        Defaults = defaults;
    }

    /// <summary>The record whose values are the defaults.</summary>
    public ModelOptions Defaults { get; }

    /// <summary>Every declared option in declaration order.</summary>
    public IReadOnlyList<OptionDescriptor> Descriptors => _options.Select(o => o.Descriptor).ToList();

    /// <summary>The option called <paramref name="name"/>, or null.</summary>
    public OptionDescriptor? Find(string name) => _options.FirstOrDefault(o => o.Descriptor.Name == name).Descriptor;

    /// <summary>
    /// The defaults with every option <paramref name="config"/> sets replaced by its value; keys in
    /// <paramref name="ignored"/> are skipped, and any other key that is not an option is an error.
    /// </summary>
    /// <exception cref="ArgumentException">A key is unknown or a value does not fit its option.</exception>
    public ModelOptions Bind(JsonObject config, IEnumerable<string>? ignored = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var skip = new HashSet<string>(ignored ?? [], StringComparer.Ordinal);
        var unknown = config.Select(kv => kv.Key).Where(k => !skip.Contains(k) && Find(k) == null).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(k => "--" + k))}; " +
                $"this model takes {string.Join(", ", _options.Select(o => "--" + o.Descriptor.Name))}.");
        var bound = (ModelOptions)_clone.Invoke(Defaults, null)!;
        foreach (var (property, descriptor) in _options)
            if (config.TryGetPropertyValue(descriptor.Name, out var node))
                property.SetValue(bound, descriptor.Convert(node));
        bound.Validate();
        return bound;
    }

    /// <summary>Every option of <paramref name="options"/> (a record of this set's type) as JSON, in declaration order.</summary>
    public JsonObject ToJson(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GetType() != Defaults.GetType())
            throw new ArgumentException($"Expected {Defaults.GetType().Name}, got {options.GetType().Name}.", nameof(options));
        var json = new JsonObject();
        foreach (var (property, descriptor) in _options) json[descriptor.Name] = descriptor.ToJson(property.GetValue(options));
        return json;
    }

    private static IEnumerable<Type> Hierarchy(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t != null && t != typeof(object); t = t.BaseType) chain.Push(t);
        return chain;
    }
}
