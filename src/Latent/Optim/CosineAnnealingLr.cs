namespace Latent.Optim;

/// <summary>
/// Cosine annealing (Loshchilov &amp; Hutter, 2017, without restarts):
/// <c>lr = η_min + (base − η_min)·(1 + cos(π·step/T_max))/2</c>, held at <c>η_min</c> after <c>T_max</c> steps.
/// </summary>
public sealed class CosineAnnealingLr : LrScheduler
{
    private readonly long _tMax;
    private readonly double _etaMin;

    /// <summary>Anneals from the base learning rate to <paramref name="etaMin"/> over <paramref name="tMax"/> steps.</summary>
    /// <exception cref="ArgumentException"><paramref name="tMax"/> is not positive or <paramref name="etaMin"/> is negative.</exception>
    public CosineAnnealingLr(Optimizer optimizer, long tMax, double etaMin = 0) : base(optimizer)
    {
        Require(tMax > 0, nameof(tMax), tMax, "> 0");
        Require(etaMin >= 0, nameof(etaMin), etaMin, ">= 0");
        (_tMax, _etaMin) = (tMax, etaMin);
        Apply();
    }

    /// <inheritdoc />
    public override double LrAt(int groupIndex, long step)
        => _etaMin + (BaseLrs[groupIndex] - _etaMin) * (1 + Math.Cos(Math.PI * Math.Min(step, _tMax) / _tMax)) / 2;
}
