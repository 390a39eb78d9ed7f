using System.Text.Json.Nodes;

namespace Latent.Optim;

/// <summary>
/// Linear learning-rate warm-up, optionally followed by another schedule: for <c>step &lt; W</c> the learning rate is
/// <c>lr₀·(f + (1 − f)·step/W)</c>, where <c>lr₀</c> is the following schedule's value at its step 0 (or the base
/// learning rate) and <c>f</c> the start factor; from step <c>W</c> on, the following schedule runs at <c>step − W</c>.
/// </summary>
/// <remarks>
/// Create the following schedule first, then wrap it, and call only the warm-up's <see cref="LrScheduler.Step"/>:
/// <code>
/// var schedule = new LinearWarmup(opt, warmupSteps: 500, then: new CosineAnnealingLr(opt, tMax: 9500));
/// </code>
/// The default start factor 1/3 is PyTorch's <c>LinearLR</c> default.
/// </remarks>
public sealed class LinearWarmup : LrScheduler
{
    private readonly long _warmupSteps;
    private readonly double _startFactor;

    /// <summary>Creates the warm-up.</summary>
    /// <param name="optimizer">The optimizer whose groups are scheduled.</param>
    /// <param name="warmupSteps">The number of warm-up steps W.</param>
    /// <param name="startFactor">The fraction of the learning rate at step 0, in [0, 1].</param>
    /// <param name="then">The schedule that takes over after the warm-up (on the same optimizer), or null for a constant rate.</param>
    /// <exception cref="ArgumentException">An argument is out of range or <paramref name="then"/> drives another optimizer.</exception>
    public LinearWarmup(Optimizer optimizer, long warmupSteps, double startFactor = 1.0 / 3, LrScheduler? then = null) : base(optimizer)
    {
        Require(warmupSteps > 0, nameof(warmupSteps), warmupSteps, "> 0");
        Require(startFactor >= 0 && startFactor <= 1, nameof(startFactor), startFactor, "in [0, 1]");
        if (then != null && !ReferenceEquals(then.Optimizer, optimizer))
            throw new ArgumentException("LinearWarmup: the following schedule must drive the same optimizer.", nameof(then));
        (_warmupSteps, _startFactor, Then) = (warmupSteps, startFactor, then);
        Apply();
    }

    /// <summary>The schedule that runs after the warm-up, if any.</summary>
    public LrScheduler? Then { get; }

    /// <inheritdoc />
    public override double LrAt(int groupIndex, long step)
    {
        double lr = Then?.LrAt(groupIndex, Math.Max(0, step - _warmupSteps)) ?? BaseLrs[groupIndex];
        return step >= _warmupSteps ? lr : lr * (_startFactor + (1 - _startFactor) * step / _warmupSteps);
    }

    /// <inheritdoc />
    protected internal override void ApplyTo(int groupIndex, long step)
    {
        Then?.ApplyTo(groupIndex, Math.Max(0, step - _warmupSteps));
        base.ApplyTo(groupIndex, step);
    }

    /// <inheritdoc />
    public override JsonObject StateDict()
    {
        var state = base.StateDict();
        if (Then != null) state["then"] = Then.StateDict();
        return state;
    }

    /// <inheritdoc />
    public override void LoadStateDict(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Then != null) Then.LoadStateDict(OptimizerState.Object(state, "then"));
        base.LoadStateDict(state);
    }
}
