using System.Globalization;
using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Base class of the optimizers: parameter groups with their own hyper-parameters, per-parameter state,
/// <see cref="Step()"/>, <see cref="ZeroGrad"/> and a serializable state (<see cref="StateDict"/>, <see cref="LoadStateDict"/>).
/// </summary>
/// <remarks>
/// Optimizers update parameters in place through <see cref="Tensor.Data"/>, outside autograd. A typical loop:
/// <code>
/// var opt = new Adam(parameters, lr: 1e-3);
/// for (int i = 0; i &lt; steps; i++) { opt.ZeroGrad(); Loss().Backward(); opt.Step(); }
/// </code>
/// Parameters without a gradient are skipped by first-order optimizers.
/// </remarks>
public abstract class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly Dictionary<Tensor, ParameterState> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an optimizer over <paramref name="groups"/>, filling their missing hyper-parameters from <paramref name="defaults"/>.</summary>
    /// <exception cref="ArgumentException">No parameters, a parameter in two groups, a non-leaf parameter or an invalid hyper-parameter.</exception>
    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Defaults = new Dictionary<string, double>(defaults);
        foreach (var group in groups) AddParamGroup(group);
        if (!_groups.Any(g => g.Parameters.Count > 0))
            throw new ArgumentException($"{Name}: got an empty parameter list.", nameof(groups));
    }

    /// <summary>Wraps a flat parameter list in a single group.</summary>
    protected static IEnumerable<ParamGroup> SingleGroup(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];

    /// <summary>The optimizer's name, used in errors and in the saved state.</summary>
    public string Name => GetType().Name;

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>The default hyper-parameters given to the constructor.</summary>
    public IReadOnlyDictionary<string, double> Defaults { get; }

    /// <summary>All parameters over all groups, in order (the index used by state keys).</summary>
    public IEnumerable<Tensor> Parameters => _groups.SelectMany(g => g.Parameters);

    /// <summary>Adds a group of parameters; its missing hyper-parameters come from <see cref="Defaults"/>.</summary>
    /// <exception cref="ArgumentException">A parameter is already optimized, is not a leaf, or a hyper-parameter is unknown or out of range.</exception>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var existing = new HashSet<Tensor>(Parameters, ReferenceEqualityComparer.Instance);
        foreach (var p in group.Parameters)
        {
            if (!p.IsLeaf)
                throw new ArgumentException($"{Name}: cannot optimize a non-leaf tensor {ParamGroup.Describe(p)}; optimize the leaf it was computed from.");
            if (existing.Contains(p))
                throw new ArgumentException($"{Name}: parameter {ParamGroup.Describe(p)} already belongs to another parameter group.");
        }
        group.Attach(Defaults, Name);
        ValidateGroup(group);
        _groups.Add(group);
    }

    /// <summary>Checks the hyper-parameters of a group; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    protected virtual void ValidateGroup(ParamGroup group) { }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="ok"/> is false.</summary>
    protected void Require(bool ok, string name, double value, string rule)
    {
        if (!ok)
            throw new ArgumentException($"{Name}: invalid {name} {value.ToString(CultureInfo.InvariantCulture)}; it must be {rule}.");
    }

    /// <summary>Performs one update from the gradients in <see cref="Tensor.Grad"/>.</summary>
    /// <exception cref="InvalidOperationException">The optimizer needs a closure (L-BFGS, CG, Newton, …).</exception>
    public abstract void Step();

    /// <summary>
    /// Evaluates <paramref name="closure"/> (which zeroes gradients, computes the loss, calls <c>Backward</c> and returns the
    /// loss) with gradients enabled, then performs one update. Returns the loss.
    /// </summary>
    public virtual Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor loss;
        using (Autograd.EnableGrad()) loss = closure();
        Step();
        return loss;
    }

    /// <summary>Clears the gradient of every parameter (sets <see cref="Tensor.Grad"/> to null).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>The state of <paramref name="parameter"/>, created on first use.</summary>
    protected ParameterState StateOf(Tensor parameter)
    {
        if (!_state.TryGetValue(parameter, out var s)) _state[parameter] = s = new ParameterState();
        return s;
    }

    /// <summary>The state kept for <paramref name="parameter"/>, if it has been updated yet.</summary>
    public bool TryGetState(Tensor parameter, out ParameterState state)
    {
        if (_state.TryGetValue(parameter, out var s)) { state = s; return true; }
        state = null!;
        return false;
    }

    /// <summary>
    /// When set, gets every gradient at the start of each step, before the optimizer reads them (data parallelism);
    /// null (the default) leaves them as they are.
    /// </summary>
    public IGradientSynchronizer? GradientSynchronizer { get; set; }

    /// <summary>Each parameter that has a gradient, with its group and gradient.</summary>
    /// <exception cref="InvalidOperationException">A gradient's shape differs from its parameter's.</exception>
    protected IEnumerable<(ParamGroup Group, Tensor Param, Tensor Grad)> ParametersWithGrad()
    {
        if (GradientSynchronizer is { } synchronizer)
            synchronizer.Synchronize([.. _groups.SelectMany(g => g.Parameters).Select(p => p.Grad).OfType<Tensor>()]);
        foreach (var group in _groups)
            foreach (var p in group.Parameters)
            {
                if (p.Grad is not { } g) continue;
                if (g.Size != p.Size || !g.Shape.SequenceEqual(p.Shape))
                    throw new InvalidOperationException(
                        $"{Name}: gradient of shape [{string.Join(", ", g.Shape)}] for parameter {ParamGroup.Describe(p)}.");
                yield return (group, p, g);
            }
    }

    /// <summary>
    /// A copy of the optimizer's state: per-parameter buffers as tensors keyed <c>state.{index}.{name}</c>, and
    /// hyper-parameters and step counts in JSON.
    /// </summary>
    public OptimizerState StateDict()
    {
        var state = new OptimizerState();
        var groups = new JsonArray();
        var perParam = new JsonObject();
        int index = 0;
        foreach (var group in _groups)
        {
            var g = new JsonObject();
            var ids = new JsonArray();
            foreach (var p in group.Parameters)
            {
                ids.Add(index);
                if (_state.TryGetValue(p, out var s))
                {
                    perParam[index.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["step"] = s.Step };
                    foreach (var (name, buffer) in s.Buffers)
                        state.Tensors[$"state.{index}.{name}"] = buffer.Clone();
                }
                index++;
            }
            g["params"] = ids;
            foreach (var name in group.OptionNames.Order(StringComparer.Ordinal))
                g[name] = group[name];
            groups.Add(g);
        }
        state.Json["type"] = Name;
        state.Json["param_groups"] = groups;
        state.Json["state"] = perParam;
        SaveGlobalState(state);
        return state;
    }

    /// <summary>
    /// Restores a state saved by <see cref="StateDict"/> from an optimizer of the same type over parameters of the same
    /// shapes. The state is copied; hyper-parameters of each group are replaced by the saved ones.
    /// </summary>
    /// <exception cref="InvalidDataException">The state is from another optimizer type, has a different group layout,
    /// unknown keys or mis-shaped tensors. The optimizer is unchanged when this is thrown.</exception>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckType(Name);
        var savedGroups = OptimizerState.Array(state.Json, "param_groups");
        if (savedGroups.Count != _groups.Count)
            throw new InvalidDataException($"{Name}: saved state has {savedGroups.Count} parameter groups, the optimizer has {_groups.Count}.");

        var parameters = Parameters.ToArray();
        var options = new List<(ParamGroup Group, string Key, double Value)>();
        for (int gi = 0; gi < _groups.Count; gi++)
        {
            var saved = savedGroups[gi] as JsonObject ?? throw new InvalidDataException($"{Name}: parameter group {gi} is not an object.");
            int count = OptimizerState.Array(saved, "params").Count;
            if (count != _groups[gi].Parameters.Count)
                throw new InvalidDataException($"{Name}: saved parameter group {gi} has {count} parameters, the optimizer's has {_groups[gi].Parameters.Count}.");
            foreach (var (key, _) in saved)
            {
                if (key == "params") continue;
                if (!Defaults.ContainsKey(key))
                    throw new InvalidDataException($"{Name}: saved parameter group {gi} has unknown hyper-parameter '{key}'.");
                options.Add((_groups[gi], key, OptimizerState.Number(saved, key)));
            }
        }

        var restored = new Dictionary<Tensor, ParameterState>(ReferenceEqualityComparer.Instance);
        foreach (var (key, node) in OptimizerState.Object(state.Json, "state"))
        {
            var p = ParameterAt(parameters, key, key);
            restored[p] = new ParameterState { Step = OptimizerState.Integer(node as JsonObject ?? new JsonObject(), "step") };
        }
        foreach (var (key, tensor) in state.Tensors)
        {
            if (!key.StartsWith("state.", StringComparison.Ordinal)) continue;
            int dot = key.IndexOf('.', 6);
            if (dot < 0) throw new InvalidDataException($"{Name}: malformed state tensor key '{key}'.");
            var p = ParameterAt(parameters, key[6..dot], key);
            if (!restored.TryGetValue(p, out var ps))
                throw new InvalidDataException($"{Name}: state tensor '{key}' has no step count in the JSON state.");
            if (!tensor.Shape.SequenceEqual(p.Shape))
                throw new InvalidDataException(
                    $"{Name}: state tensor '{key}' has shape [{string.Join(", ", tensor.Shape)}], parameter is {ParamGroup.Describe(p)}.");
            ps.Buffers[key[(dot + 1)..]] = tensor.Clone();
        }

        LoadGlobalState(state);
        foreach (var (group, key, value) in options) group[key] = value;
        _state.Clear();
        foreach (var (p, s) in restored) _state[p] = s;
    }

    private Tensor ParameterAt(Tensor[] parameters, string index, string key)
    {
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= parameters.Length)
            throw new InvalidDataException($"{Name}: state key '{key}' does not name one of the {parameters.Length} parameters.");
        return parameters[i];
    }

    /// <summary>Writes state that belongs to the whole optimizer (tensors under <c>global.*</c> keys, scalars in JSON).</summary>
    protected virtual void SaveGlobalState(OptimizerState state) { }

    /// <summary>
    /// Reads what <see cref="SaveGlobalState"/> wrote. Validate everything before changing fields and throw
    /// <see cref="InvalidDataException"/> on bad data, so that a failed load leaves the optimizer unchanged.
    /// </summary>
    protected virtual void LoadGlobalState(OptimizerState state) { }
}
