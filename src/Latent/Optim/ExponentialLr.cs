namespace Latent.Optim;

/// <summary>Exponential decay: <c>lr = base·γ^step</c>.</summary>
public sealed class ExponentialLr : LrScheduler
{
    private readonly double _gamma;

    /// <summary>Multiplies the learning rate by <paramref name="gamma"/> every step.</summary>
    /// <exception cref="ArgumentException"><paramref name="gamma"/> is negative.</exception>
    public ExponentialLr(Optimizer optimizer, double gamma) : base(optimizer)
    {
        Require(gamma >= 0, nameof(gamma), gamma, ">= 0");
        _gamma = gamma;
        Apply();
    }

    /// <inheritdoc />
    public override double LrAt(int groupIndex, long step) => BaseLrs[groupIndex] * Math.Pow(_gamma, step);
}
