namespace Latent.Optim;

/// <summary>Step decay: <c>lr = base·γ^⌊step / stepSize⌋</c> (for example ×0.1 every 30 epochs).</summary>
public sealed class StepLr : LrScheduler
{
    private readonly long _stepSize;
    private readonly double _gamma;

    /// <summary>Decays the learning rate by <paramref name="gamma"/> every <paramref name="stepSize"/> steps.</summary>
    /// <exception cref="ArgumentException"><paramref name="stepSize"/> is not positive or <paramref name="gamma"/> is negative.</exception>
    public StepLr(Optimizer optimizer, long stepSize, double gamma = 0.1) : base(optimizer)
    {
        Require(stepSize > 0, nameof(stepSize), stepSize, "> 0");
        Require(gamma >= 0, nameof(gamma), gamma, ">= 0");
        (_stepSize, _gamma) = (stepSize, gamma);
        Apply();
    }

    /// <inheritdoc />
    public override double LrAt(int groupIndex, long step) => BaseLrs[groupIndex] * Math.Pow(_gamma, step / _stepSize);
}
