using System.Text.Json.Nodes;

namespace Latent.Optim;

/// <summary>
/// Base class of learning-rate schedules. A schedule sets the <c>lr</c> of every parameter group of its optimizer from a
/// closed form of the step count: on construction (step 0) and on each <see cref="Step"/>.
/// </summary>
/// <remarks>
/// Call <see cref="Step"/> once per optimizer step (or per epoch, as you define the unit):
/// <code>
/// var opt = new Sgd(parameters, lr: 0.1, momentum: 0.9);
/// var schedule = new CosineAnnealingLr(opt, tMax: 1000);
/// for (int i = 0; i &lt; 1000; i++) { …; opt.Step(); schedule.Step(); }
/// </code>
/// The base learning rates are the groups' <c>lr</c> when the schedule is created. State (step count and base learning
/// rates) round-trips through <see cref="StateDict"/> and <see cref="LoadStateDict"/>.
/// </remarks>
public abstract class LrScheduler
{
    private readonly double[] _baseLrs;

    /// <summary>Records the groups' current learning rates as the base learning rates.</summary>
    /// <exception cref="ArgumentException">A group has no <c>lr</c> hyper-parameter.</exception>
    protected LrScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (optimizer.ParamGroups.FirstOrDefault(g => !g.HasOption("lr")) != null)
            throw new ArgumentException($"{GetType().Name}: {optimizer.Name} has no 'lr' hyper-parameter to schedule.", nameof(optimizer));
        _baseLrs = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>The optimizer whose learning rates this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The learning rate of each group when the schedule was created.</summary>
    public IReadOnlyList<double> BaseLrs => _baseLrs;

    /// <summary>How many times <see cref="Step"/> has been called.</summary>
    public long StepCount { get; private set; }

    /// <summary>The learning rates the schedule last set, one per group.</summary>
    public IReadOnlyList<double> LastLrs => Optimizer.ParamGroups.Select(g => g.Lr).ToArray();

    /// <summary>The learning rate of group <paramref name="groupIndex"/> at <paramref name="step"/>.</summary>
    public abstract double LrAt(int groupIndex, long step);

    /// <summary>Advances the step count and sets the groups' learning rates for the new step.</summary>
    public void Step()
    {
        StepCount++;
        Apply();
    }

    /// <summary>Sets the hyper-parameters of group <paramref name="groupIndex"/> for <paramref name="step"/> (by default its <c>lr</c>).</summary>
    protected internal virtual void ApplyTo(int groupIndex, long step) => Optimizer.ParamGroups[groupIndex].Lr = LrAt(groupIndex, step);

    /// <summary>Sets every group for the current step; derived constructors call this last.</summary>
    protected void Apply()
    {
        for (int i = 0; i < Optimizer.ParamGroups.Count; i++) ApplyTo(i, StepCount);
    }

    /// <summary>The step count and base learning rates.</summary>
    public virtual JsonObject StateDict()
    {
        var baseLrs = new JsonArray();
        foreach (var lr in _baseLrs) baseLrs.Add(lr);
        return new JsonObject { ["type"] = GetType().Name, ["step"] = StepCount, ["base_lrs"] = baseLrs };
    }

    /// <summary>Restores a state saved by <see cref="StateDict"/> and sets the groups' learning rates for its step.</summary>
    /// <exception cref="InvalidDataException">The state is from another schedule type or another number of groups.</exception>
    public virtual void LoadStateDict(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var type = state["type"]?.GetValue<string>();
        if (type != GetType().Name)
            throw new InvalidDataException($"Schedule state was saved by '{type ?? "(none)"}' and cannot be loaded into '{GetType().Name}'.");
        var baseLrs = OptimizerState.Array(state, "base_lrs");
        if (baseLrs.Count != _baseLrs.Length)
            throw new InvalidDataException($"{GetType().Name}: saved state has {baseLrs.Count} groups, the optimizer has {_baseLrs.Length}.");
        long step = OptimizerState.Integer(state, "step");
        for (int i = 0; i < _baseLrs.Length; i++)
            _baseLrs[i] = baseLrs[i]?.GetValue<double>() ?? throw new InvalidDataException($"{GetType().Name}: base_lrs[{i}] is null.");
        StepCount = step;
        Apply();
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="ok"/> is false.</summary>
    protected void Require(bool ok, string name, double value, string rule)
    {
        if (!ok) throw new ArgumentException($"{GetType().Name}: invalid {name} {value}; it must be {rule}.", name);
    }
}
