using System.Text;
using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// A neural-network building block: it owns parameters (trainable tensors), buffers (state such as running
/// statistics) and child modules, all registered explicitly and in order, and maps an input to an output in
/// <see cref="Forward"/>.
/// </summary>
/// <remarks>
/// Names are joined with dots through the module tree, as in a PyTorch state dict: the weight of the first child of an
/// <c>encoder</c> child is <c>encoder.0.weight</c>. Registration order, not field declaration order, fixes the order
/// of <see cref="Parameters"/> and of <see cref="StateDict"/>.
/// </remarks>
public abstract class Module
{
    private readonly OrderedDictionary<string, Tensor> _parameters = new();
    private readonly OrderedDictionary<string, Tensor> _buffers = new();
    private readonly OrderedDictionary<string, Module> _modules = new();
    private readonly Dictionary<string, Tensor> _computed = new();

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Maps an input batch to an output batch.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Runs <see cref="Forward"/>; the one entry point containers use to invoke their children.</summary>
    public Tensor Call(Tensor x) => Forward(x);

    /// <summary>Total number of elements over all distinct parameters.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Size);

    /// <summary>
    /// Registers <paramref name="tensor"/> as a trainable parameter named <paramref name="name"/> and marks it as
    /// requiring gradients.
    /// </summary>
    /// <returns>The same tensor, for assignment to a field.</returns>
    /// <exception cref="ArgumentException">The name is empty, contains a dot or is already taken, or the tensor is not a leaf.</exception>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckNewName(name);
        if (!tensor.IsLeaf)
            throw new ArgumentException($"{GetType().Name}: parameter '{name}' must be a leaf tensor, not the result of an op; use Detach() or Clone().");
        tensor.RequiresGrad = true; // a parameter is trainable; freeze it later with SetRequiresGrad(false)
        tensor.Name ??= name;
        _parameters.Add(name, tensor);
        return tensor;
    }

    /// <summary>Registers <paramref name="tensor"/> as a buffer: state saved in the state dict but not trained.</summary>
    /// <returns>The same tensor, for assignment to a field.</returns>
    /// <exception cref="ArgumentException">The name is empty, contains a dot or is already taken, or the tensor requires gradients.</exception>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckNewName(name);
        if (tensor.RequiresGrad)
            throw new ArgumentException($"{GetType().Name}: buffer '{name}' must not require gradients; register it as a parameter instead.");
        tensor.Name ??= name;
        _buffers.Add(name, tensor);
        return tensor;
    }

    /// <summary>Registers <paramref name="module"/> as a child named <paramref name="name"/>.</summary>
    /// <returns>The same module, for assignment to a field.</returns>
    /// <exception cref="ArgumentException">The name is empty, contains a dot or is already taken, or the module is this one.</exception>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckNewName(name);
        if (ReferenceEquals(module, this))
            throw new ArgumentException($"{GetType().Name}: a module cannot be its own child ('{name}').");
        _modules.Add(name, module);
        return module;
    }

    /// <summary>
    /// The tensor this module uses under <paramref name="name"/>: a value computed by a reparametrization wrapper
    /// (see <see cref="SpectralNorm"/>) when one is installed, otherwise the parameter or buffer of that name.
    /// Layers that read their weights through this method can be wrapped by reparametrizations.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name is registered.</exception>
    protected Tensor Get(string name)
    {
        if (_computed.TryGetValue(name, out var computed)) return computed;
        if (_parameters.TryGetValue(name, out var p)) return p;
        if (_buffers.TryGetValue(name, out var b)) return b;
        throw new KeyNotFoundException(
            $"{GetType().Name}: no parameter or buffer named '{name}' (parameters: {Join(_parameters.Keys)}; buffers: {Join(_buffers.Keys)}).");
    }

    /// <summary>This module's own parameter named <paramref name="name"/> (not recursing into children).</summary>
    /// <exception cref="KeyNotFoundException">There is no such parameter.</exception>
    public Tensor GetParameter(string name)
        => _parameters.TryGetValue(name, out var p) ? p
            : throw new KeyNotFoundException($"{GetType().Name}: no parameter named '{name}' (has {Join(_parameters.Keys)}).");

    /// <summary>This module's own buffer named <paramref name="name"/> (not recursing into children).</summary>
    /// <exception cref="KeyNotFoundException">There is no such buffer.</exception>
    public Tensor GetBuffer(string name)
        => _buffers.TryGetValue(name, out var b) ? b
            : throw new KeyNotFoundException($"{GetType().Name}: no buffer named '{name}' (has {Join(_buffers.Keys)}).");

    /// <summary>
    /// Turns parameter <paramref name="name"/> into a computed tensor: the parameter is re-registered as
    /// <paramref name="newName"/> and <see cref="Get"/> returns what <see cref="SetComputed"/> last installed.
    /// </summary>
    internal Tensor Reparametrize(string name, string newName)
    {
        var p = GetParameter(name);
        CheckNewName(newName);
        _parameters.Remove(name);
        p.Name = newName;
        _parameters.Add(newName, p);
        _computed[name] = p;
        return p;
    }

    /// <summary>Installs the value that <see cref="Get"/> returns for a reparametrized tensor.</summary>
    internal void SetComputed(string name, Tensor value) => _computed[name] = value;

    /// <summary>Registers a buffer from outside the module (used by reparametrization wrappers).</summary>
    internal Tensor AddBuffer(string name, Tensor tensor) => RegisterBuffer(name, tensor);

    /// <summary>The direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var (name, m) in _modules) yield return (name, m);
    }

    /// <summary>The direct children in registration order.</summary>
    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>This module and all its descendants, depth first, with dotted names ("" for this module).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModulesCore(prefix, seen);
    }

    private IEnumerable<(string Name, Module Module)> NamedModulesCore(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this)) yield break;
        yield return (prefix, this);
        foreach (var (name, child) in _modules)
            foreach (var item in child.NamedModulesCore(Dotted(prefix, name), seen))
                yield return item;
    }

    /// <summary>This module and all its descendants, depth first.</summary>
    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>
    /// Every parameter of this module and its descendants with its dotted name, in registration order; a tensor shared
    /// by several modules is listed once, under its first name.
    /// </summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
        => Distinct(NamedTensors(m => m._parameters));

    /// <summary>Every distinct parameter of this module and its descendants, in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>Every buffer of this module and its descendants with its dotted name; shared tensors are listed once.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedBuffers()
        => Distinct(NamedTensors(m => m._buffers));

    /// <summary>Every distinct buffer of this module and its descendants.</summary>
    public IEnumerable<Tensor> Buffers() => NamedBuffers().Select(b => b.Tensor);

    private IEnumerable<(string Name, Tensor Tensor)> NamedTensors(Func<Module, OrderedDictionary<string, Tensor>> pick)
    {
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, t) in pick(module))
                yield return (Dotted(prefix, name), t);
    }

    private static IEnumerable<(string Name, Tensor Tensor)> Distinct(IEnumerable<(string Name, Tensor Tensor)> items)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var item in items)
            if (seen.Add(item.Tensor)) yield return item;
    }

    /// <summary>Sets training mode on this module and all descendants.</summary>
    /// <returns>This module.</returns>
    public Module Train(bool training = true)
    {
        foreach (var m in Modules()) m.IsTraining = training;
        return this;
    }

    /// <summary>Sets evaluation mode (dropout off, batch norm on running statistics) on this module and all descendants.</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>
    /// Calls <paramref name="fn"/> on this module and every descendant, depth first — for example to initialize every
    /// <see cref="Linear"/> weight with <see cref="Init.Normal"/> (DCGAN).
    /// </summary>
    /// <returns>This module.</returns>
    public Module Apply(Action<Module> fn)
    {
        foreach (var m in Modules()) fn(m);
        return this;
    }

    /// <summary>
    /// Sets <see cref="Tensor.RequiresGrad"/> on every parameter: false freezes the module (for example a GAN's
    /// discriminator during the generator step), true unfreezes it.
    /// </summary>
    /// <returns>This module.</returns>
    public Module SetRequiresGrad(bool requiresGrad)
    {
        foreach (var p in Parameters()) p.RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>Clears the accumulated gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>
    /// Parameters and buffers by dotted name, parameters of each module before its buffers, in registration order.
    /// </summary>
    /// <param name="copy">
    /// False (the default) returns detached tensors sharing storage with the module, so later training changes them;
    /// true returns independent copies, a snapshot.
    /// </param>
    public Dictionary<string, Tensor> StateDict(bool copy = false)
    {
        var dict = new Dictionary<string, Tensor>();
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, t) in module._parameters) dict[Dotted(prefix, name)] = copy ? t.Clone() : t.Detach();
            foreach (var (name, t) in module._buffers) dict[Dotted(prefix, name)] = copy ? t.Clone() : t.Detach();
        }
        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's parameters and buffers, in place, so that
    /// optimizers holding the tensors keep working. Nothing is copied when any check fails.
    /// </summary>
    /// <param name="state">Tensors by dotted name, as produced by <see cref="StateDict"/>.</param>
    /// <param name="strict">When true, keys missing from <paramref name="state"/> and keys the module does not have are errors.</param>
    /// <returns>The keys that were missing and unexpected (both empty when <paramref name="strict"/>).</returns>
    /// <exception cref="ArgumentException">
    /// A shape differs (always an error), or with <paramref name="strict"/> a key is missing or unexpected; the message
    /// lists every offending key.
    /// </exception>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = own.Where(kv => state.TryGetValue(kv.Key, out var s) && !s.Shape.SequenceEqual(kv.Value.Shape))
            .Select(kv => $"'{kv.Key}': checkpoint {ShapeUtil.Format(state[kv.Key].Shape)}, module {ShapeUtil.Format(kv.Value.Shape)}")
            .ToList();

        var errors = new List<string>();
        if (strict && missing.Count > 0) errors.Add($"missing keys: {Join(missing)}");
        if (strict && unexpected.Count > 0) errors.Add($"unexpected keys: {Join(unexpected)}");
        if (mismatched.Count > 0) errors.Add($"shape mismatch for {string.Join("; ", mismatched)}");
        if (errors.Count > 0)
            throw new ArgumentException($"LoadStateDict into {GetType().Name} failed: {string.Join(". ", errors)}.", nameof(state));

        foreach (var (key, target) in own)
            if (state.TryGetValue(key, out var source)) target.CopyFrom(source);
        return new LoadStateDictResult(missing, unexpected);
    }

    /// <summary>A one-line description of this module's configuration, shown by <see cref="ToString"/>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The module tree, one module per line with its configuration.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Describe(sb, 0);
        return sb.ToString();
    }

    private void Describe(StringBuilder sb, int indent)
    {
        sb.Append(GetType().Name).Append('(').Append(ExtraRepr());
        if (_modules.Count == 0) { sb.Append(')'); return; }
        sb.AppendLine();
        foreach (var (name, child) in _modules)
        {
            sb.Append(' ', 2 * (indent + 1)).Append('(').Append(name).Append("): ");
            child.Describe(sb, indent + 1);
            sb.AppendLine();
        }
        sb.Append(' ', 2 * indent).Append(')');
    }

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid name; names must be non-empty and contain no dot.");
        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"{GetType().Name}: the name '{name}' is already registered.");
    }

    private static string Dotted(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private static string Join(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Select(k => $"'{k}'"));
    }
}

/// <summary>The outcome of a non-strict <see cref="Module.LoadStateDict"/>.</summary>
/// <param name="MissingKeys">Module keys the state did not contain (left unchanged).</param>
/// <param name="UnexpectedKeys">State keys the module does not have (ignored).</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>"missing: 'a', 'b'; unexpected: none", or "all keys matched".</summary>
    public override string ToString() => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0
        ? "all keys matched"
        : $"missing: {List(MissingKeys)}; unexpected: {List(UnexpectedKeys)}";

    private static string List(IReadOnlyList<string> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys.Select(k => $"'{k}'"));
}
