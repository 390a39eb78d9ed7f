namespace Latent.Optim;

/// <summary>Step decay at chosen steps: <c>lr = base·γ^(number of milestones ≤ step)</c>, e.g. 0.1 → 0.01 → 0.001.</summary>
public sealed class MultiStepLr : LrScheduler
{
    private readonly long[] _milestones;
    private readonly double _gamma;

    /// <summary>Multiplies the learning rate by <paramref name="gamma"/> at each of the <paramref name="milestones"/>.</summary>
    /// <exception cref="ArgumentException">The milestones are not positive and strictly increasing, or <paramref name="gamma"/> is negative.</exception>
    public MultiStepLr(Optimizer optimizer, IEnumerable<long> milestones, double gamma = 0.1) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = milestones.ToArray();
        for (int i = 0; i < _milestones.Length; i++)
            Require(_milestones[i] > 0 && (i == 0 || _milestones[i] > _milestones[i - 1]), "milestone", _milestones[i], "positive and strictly increasing");
        Require(gamma >= 0, nameof(gamma), gamma, ">= 0");
        _gamma = gamma;
        Apply();
    }

    /// <inheritdoc />
    public override double LrAt(int groupIndex, long step) => BaseLrs[groupIndex] * Math.Pow(_gamma, _milestones.Count(m => m <= step));
}
