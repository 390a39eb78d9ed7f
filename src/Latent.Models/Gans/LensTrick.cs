using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The tempered GAN's lens (Sajjadi et al. 2018): the discriminator sees real samples through a
/// <see cref="LensNetwork"/>, L(x) = x + a(t)·r(x), instead of the samples themselves. After each discriminator step
/// the lens takes its own Adam step against the discriminator — it makes the real samples look fake to it,
/// minimizing E softplus(D(L(x))) + λ·E‖L(x) − x‖² — which tempers the discriminator's task early in training. The
/// distortion is annealed away linearly, a(t) = max(0, 1 − t / T), so after T steps the model is a plain GAN again.
/// </summary>
public sealed class LensTrick : GanTrick
{
    private readonly GanDiscriminator _discriminator;
    private readonly Adam _optimizer;
    private readonly float _weight;
    private readonly long _annealSteps;
    private Tensor? _real;
    private int[]? _labels;
    private double _lensLoss = double.NaN;

    /// <summary>Creates the trick.</summary>
    /// <param name="lens">The lens network.</param>
    /// <param name="discriminator">The discriminator the lens plays against.</param>
    /// <param name="annealSteps">T: the step at which the distortion has gone.</param>
    /// <param name="weight">λ of the reconstruction term.</param>
    /// <param name="lr">The lens's Adam learning rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">T is not positive or λ is negative.</exception>
    public LensTrick(LensNetwork lens, GanDiscriminator discriminator, long annealSteps, double weight, double lr)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(annealSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        Lens = lens;
        _discriminator = discriminator;
        _annealSteps = annealSteps;
        _weight = (float)weight;
        _optimizer = new Adam(lens.Parameters(), lr, 0.5, 0.999);
    }

    /// <summary>The lens network.</summary>
    public LensNetwork Lens { get; }

    /// <summary>The annealing factor a(t) of the current step.</summary>
    public float Strength { get; private set; } = 1f;

    /// <summary>The factor a(t) = max(0, 1 − t / T) at step <paramref name="step"/>.</summary>
    public static float StrengthAt(long step, long annealSteps) => (float)Math.Max(0, 1 - step / (double)annealSteps);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module> { ["lens"] = Lens };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer> { ["lens"] = _optimizer };

    /// <inheritdoc />
    public override void BeforeStep(long step, Generator rng) => Strength = StrengthAt(step, _annealSteps);

    /// <inheritdoc />
    public override Tensor RealsForDiscriminator(Tensor real, int[]? labels)
    {
        _real = real;
        _labels = labels;
        if (Strength == 0) return real;
        using var _ = Autograd.NoGrad();
        return Lens.Distort(real, Strength);
    }

    /// <inheritdoc />
    public override void AfterDiscriminatorStep()
    {
        if (_real is not { } real || Strength == 0) { _lensLoss = double.NaN; return; }
        _optimizer.ZeroGrad();
        var lensed = Lens.Distort(real, Strength);
        var fool = _discriminator.Score(lensed, _labels).Softplus().Mean();
        var distortion = (lensed - real).Square().Sum() / real.Shape[0];
        var loss = fool + _weight * distortion;
        loss.Backward(inputs: Lens.Parameters().Where(p => p.RequiresGrad));
        _optimizer.Step();
        _lensLoss = loss.Item();
    }

    /// <inheritdoc />
    public override void Report(IDictionary<string, double> metrics)
    {
        metrics["lens_strength"] = Strength;
        if (!double.IsNaN(_lensLoss)) metrics["lens_loss"] = _lensLoss;
    }
}
