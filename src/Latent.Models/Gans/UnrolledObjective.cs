using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The unrolled GAN generator objective (Metz et al. 2017): the discriminator's parameters are advanced k steps of
/// gradient descent on its own loss, θ_{t+1} = θ_t − η ∇θ L_D(θ_t), each step recorded with <c>createGraph: true</c>;
/// the generator's loss is then taken at θ_k, so its gradient flows back through all k updates — the generator
/// anticipates how the discriminator will react instead of exploiting its current weakness.
/// </summary>
public static class UnrolledObjective
{
    /// <summary>The generator loss at the unrolled discriminator parameters θ_k.</summary>
    /// <param name="discriminator">The discriminator; its own weights are not modified.</param>
    /// <param name="loss">The adversarial objective.</param>
    /// <param name="real">A real batch.</param>
    /// <param name="fake">The generator's batch, still attached to the generator's graph.</param>
    /// <param name="steps">k, the number of unrolled discriminator steps (0 gives the plain generator loss).</param>
    /// <param name="learningRate">η, the step size of the unrolled SGD updates.</param>
    /// <param name="labels">Labels for conditional networks (the same for real and fake), else null.</param>
    /// <param name="realTarget">The real target of the discriminator loss (below 1 with label smoothing).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative or the rate not positive.</exception>
    public static Tensor GeneratorLoss(MlpDiscriminator discriminator, GanLossKind loss, Tensor real, Tensor fake, int steps,
        float learningRate, int[]? labels = null, float realTarget = 1f)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"UnrolledObjective: steps must be non-negative, got {steps}.");
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"UnrolledObjective: learning rate must be positive, got {learningRate}.");
        var originals = discriminator.Parameters().ToArray();
        var current = (Tensor[])originals.Clone();
        var substitutes = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int t = 0; t < steps; t++)
        {
            var dLoss = GanLosses.Discriminator(loss,
                discriminator.ScoreWith(substitutes, real, labels),
                discriminator.ScoreWith(substitutes, fake, labels), realTarget);
            var grads = Autograd.Grad([dLoss], current, createGraph: true, allowUnused: true);
            for (int i = 0; i < current.Length; i++)
            {
                if (grads[i] is not { } g) continue;
                current[i] = current[i] - learningRate * g;
                substitutes[originals[i]] = current[i];
            }
        }
        return GanLosses.Generator(loss, discriminator.ScoreWith(substitutes, fake, labels));
    }
}
