using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// A set of parameters that share hyper-parameters (learning rate, weight decay, …) inside one <see cref="Optimizer"/>.
/// </summary>
/// <remarks>
/// Hyper-parameters are named numbers (<c>"lr"</c>, <c>"weight_decay"</c>, <c>"beta1"</c>, …; flags are stored as 0 or 1),
/// so that schedules can change them and optimizer state can be written to JSON. Options given to the constructor
/// override the optimizer's defaults; the optimizer fills in the rest and rejects unknown names.
/// <code>
/// var opt = new Adam([new ParamGroup(encoder), new ParamGroup(decoder, new() { ["lr"] = 1e-4 })], lr: 1e-3);
/// </code>
/// </remarks>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> _options;
    private IReadOnlyDictionary<string, double>? _defaults;

    /// <summary>Creates a group of <paramref name="parameters"/> with optional hyper-parameter overrides.</summary>
    /// <exception cref="ArgumentException">A parameter appears twice.</exception>
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double>? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in Parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (!seen.Add(p))
                throw new ArgumentException($"ParamGroup: parameter {Describe(p)} appears more than once.", nameof(parameters));
        }
        _options = options == null ? [] : new Dictionary<string, double>(options);
    }

    /// <summary>The parameters of this group, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The names of the hyper-parameters set on this group.</summary>
    public IEnumerable<string> OptionNames => _options.Keys;

    /// <summary>A hyper-parameter of this group by name.</summary>
    /// <exception cref="KeyNotFoundException">The group has no hyper-parameter of that name.</exception>
    /// <exception cref="ArgumentException">Setting a name the owning optimizer does not know, or a NaN value.</exception>
    public double this[string name]
    {
        get => _options.TryGetValue(name, out var v) ? v
            : throw new KeyNotFoundException($"ParamGroup has no hyper-parameter '{name}'; it has: {string.Join(", ", _options.Keys)}.");
        set
        {
            if (double.IsNaN(value))
                throw new ArgumentException($"ParamGroup: hyper-parameter '{name}' cannot be NaN.", nameof(value));
            if (_defaults != null && !_defaults.ContainsKey(name))
                throw new ArgumentException(
                    $"ParamGroup: '{name}' is not a hyper-parameter of this optimizer; known: {string.Join(", ", _defaults.Keys)}.", nameof(name));
            _options[name] = value;
        }
    }

    /// <summary>The learning rate, <c>this["lr"]</c>.</summary>
    public double Lr
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>True when the group has a hyper-parameter of that name.</summary>
    public bool HasOption(string name) => _options.ContainsKey(name);

    /// <summary>A flag stored as a number: true when the value is not zero.</summary>
    public bool Flag(string name) => this[name] != 0;

    /// <summary>Binds the group to an optimizer: fills missing options from the defaults and rejects unknown ones.</summary>
    internal void Attach(IReadOnlyDictionary<string, double> defaults, string optimizer)
    {
        if (_defaults != null)
            throw new ArgumentException($"{optimizer}: this ParamGroup already belongs to an optimizer.");
        foreach (var key in _options.Keys)
            if (!defaults.ContainsKey(key))
                throw new ArgumentException(
                    $"{optimizer}: unknown hyper-parameter '{key}' in a parameter group; known: {string.Join(", ", defaults.Keys)}.");
        foreach (var (key, value) in defaults)
            _options.TryAdd(key, value);
        _defaults = defaults;
    }

    internal static string Describe(Tensor p) => $"{(p.Name != null ? $"'{p.Name}' " : "")}of shape [{string.Join(", ", p.Shape)}]";
}
