using System.Collections;
using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// An indexed list of child modules named "0", "1", … whose parameters belong to the owner. It only holds modules:
/// the owner decides how to call them, so <see cref="Forward"/> is not available.
/// </summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _items = [];

    /// <summary>Creates a list holding the given modules.</summary>
    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    /// <summary>Appends a module under the next number.</summary>
    public void Add(Module module)
        => _items.Add(RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));

    /// <summary>The number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>The module at position <paramref name="index"/>.</summary>
    public Module this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Always throws: a module list is a container, call its modules instead.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor Forward(Tensor x)
        => throw new NotSupportedException($"ModuleList has no Forward: iterate over its {Count} modules and call them (or use Sequential).");
}
