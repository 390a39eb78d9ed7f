using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>WGAN-GP: λ·E(‖∇D(x̂)‖₂ − 1)² at interpolates of real and fake samples (see <see cref="GradientPenalties.Wgan"/>).</summary>
/// <param name="weight">λ (10 in the paper).</param>
public sealed class GradientPenaltyTrick(double weight) : GanTrick
{
    /// <inheritdoc />
    public override Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> critic, GanBatch batch, Generator rng)
        => (float)weight * GradientPenalties.Wgan(critic, batch.Real, batch.Fake, rng, batch.DrawRows); // ε per example, as one process draws it
}

/// <summary>R1: γ/2·E‖∇D(x)‖₂² on real data (see <see cref="GradientPenalties.R1"/>).</summary>
/// <param name="gamma">γ.</param>
public sealed class R1Trick(double gamma) : GanTrick
{
    /// <inheritdoc />
    public override Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> critic, GanBatch batch, Generator rng)
        => (float)(gamma / 2) * GradientPenalties.R1(critic, batch.Real);
}

/// <summary>WGAN weight clipping: after each discriminator step every weight is clamped to [−c, c].</summary>
/// <param name="discriminator">The critic whose weights are clipped.</param>
/// <param name="bound">c (0.01 in the paper).</param>
public sealed class WeightClippingTrick(GanDiscriminator discriminator, double bound) : GanTrick
{
    /// <inheritdoc />
    public override void AfterDiscriminatorStep() => Clipping.ClipWeights(discriminator.Parameters(), bound);
}
