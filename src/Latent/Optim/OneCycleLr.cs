namespace Latent.Optim;

/// <summary>
/// The 1-cycle policy (Smith &amp; Topin, 2019) with PyTorch's defaults: the learning rate rises from
/// <c>maxLr/divFactor</c> to <c>maxLr</c> over the first <c>pctStart</c> of the steps, then falls to
/// <c>maxLr/(divFactor·finalDivFactor)</c>, both by cosine annealing; the momentum (SGD's <c>momentum</c> or Adam's
/// <c>beta1</c>) cycles the opposite way between <c>maxMomentum</c> and <c>baseMomentum</c>.
/// </summary>
/// <remarks>
/// The peak is at step <c>pctStart·totalSteps − 1</c> and the last valid step is <c>totalSteps − 1</c>, so call
/// <see cref="LrScheduler.Step"/> at most <c>totalSteps − 1</c> times. The groups' own learning rates are ignored.
/// </remarks>
public sealed class OneCycleLr : LrScheduler
{
    private readonly double _maxLr, _initialLr, _minLr, _peakStep, _lastStep, _baseMomentum, _maxMomentum;
    private readonly string? _momentumKey;

    /// <summary>Creates the schedule and sets the initial learning rate (and momentum).</summary>
    /// <param name="optimizer">The optimizer whose groups are scheduled.</param>
    /// <param name="maxLr">The peak learning rate.</param>
    /// <param name="totalSteps">The number of steps in the cycle.</param>
    /// <param name="pctStart">Fraction of the cycle spent increasing the learning rate.</param>
    /// <param name="divFactor">Initial learning rate = maxLr / divFactor.</param>
    /// <param name="finalDivFactor">Final learning rate = initial learning rate / finalDivFactor.</param>
    /// <param name="cycleMomentum">Cycle the momentum inversely to the learning rate.</param>
    /// <param name="baseMomentum">Momentum at the learning-rate peak.</param>
    /// <param name="maxMomentum">Momentum at the start and end.</param>
    /// <exception cref="ArgumentException">An argument is out of range, or momentum cycling is requested for an
    /// optimizer without <c>momentum</c> or <c>beta1</c>.</exception>
    public OneCycleLr(Optimizer optimizer, double maxLr, long totalSteps, double pctStart = 0.3, double divFactor = 25,
        double finalDivFactor = 1e4, bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95)
        : base(optimizer)
    {
        Require(maxLr > 0, nameof(maxLr), maxLr, "> 0");
        Require(totalSteps >= 2, nameof(totalSteps), totalSteps, ">= 2");
        Require(pctStart > 0 && pctStart < 1, nameof(pctStart), pctStart, "in (0, 1)");
        Require(divFactor > 0, nameof(divFactor), divFactor, "> 0");
        Require(finalDivFactor > 0, nameof(finalDivFactor), finalDivFactor, "> 0");
        _maxLr = maxLr;
        _initialLr = maxLr / divFactor;
        _minLr = _initialLr / finalDivFactor;
        _peakStep = pctStart * totalSteps - 1;
        _lastStep = totalSteps - 1;
        TotalSteps = totalSteps;
        Require(_peakStep > 0 && _peakStep < _lastStep, "pctStart·totalSteps − 1", _peakStep, "strictly between 0 and totalSteps − 1");
        if (cycleMomentum)
        {
            var group = optimizer.ParamGroups[0];
            _momentumKey = group.HasOption("momentum") ? "momentum" : group.HasOption("beta1") ? "beta1"
                : throw new ArgumentException($"OneCycleLr: {optimizer.Name} has neither 'momentum' nor 'beta1'; pass cycleMomentum: false.", nameof(cycleMomentum));
            (_baseMomentum, _maxMomentum) = (baseMomentum, maxMomentum);
        }
        Apply();
    }

    /// <summary>The number of steps in the cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>The step at which the learning rate peaks, <c>pctStart·totalSteps − 1</c> (may be fractional).</summary>
    public double PeakStep => _peakStep;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><paramref name="step"/> is past the end of the cycle.</exception>
    public override double LrAt(int groupIndex, long step) => Phase(step, _initialLr, _maxLr, _minLr);

    /// <summary>The momentum at <paramref name="step"/> (when momentum is cycled).</summary>
    public double MomentumAt(long step) => Phase(step, _maxMomentum, _baseMomentum, _maxMomentum);

    /// <inheritdoc />
    protected internal override void ApplyTo(int groupIndex, long step)
    {
        base.ApplyTo(groupIndex, step);
        if (_momentumKey != null) Optimizer.ParamGroups[groupIndex][_momentumKey] = MomentumAt(step);
    }

    private double Phase(long step, double start, double peak, double end)
    {
        if (step > _lastStep)
            throw new InvalidOperationException($"OneCycleLr: step {step} is past the end of the {TotalSteps}-step cycle.");
        return step <= _peakStep
            ? Cosine(start, peak, step / _peakStep)
            : Cosine(peak, end, (step - _peakStep) / (_lastStep - _peakStep));
    }

    private static double Cosine(double from, double to, double pct) => to + (from - to) / 2 * (1 + Math.Cos(Math.PI * pct));
}
