using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Penalties on the discriminator's input gradient. Both differentiate the critic with <c>createGraph: true</c>, so the
/// penalty itself can be back-propagated into the critic's weights.
/// </summary>
public static class GradientPenalties
{
    /// <summary>
    /// WGAN-GP (Gulrajani et al. 2017): mean over samples of (‖∇ₓ̂ f(x̂)‖₂ − 1)² at x̂ = εx + (1 − ε)x̃ with one
    /// ε ~ U(0, 1) per sample, the norm taken per sample over all non-batch dimensions. Multiply by λ (10) yourself.
    /// </summary>
    /// <param name="critic">The critic's scores [N] for a batch.</param>
    /// <param name="real">Real samples [N, ...].</param>
    /// <param name="fake">Generated samples of the same shape (detached here).</param>
    /// <param name="gen">Draws ε.</param>
    /// <param name="drawRows">How per-example noise is drawn for these rows (a GAN batch's <c>DrawRows</c>: under data
    /// parallelism the global batch's draws, sliced); null draws for the rows directly.</param>
    /// <exception cref="ArgumentException">The two batches differ in shape.</exception>
    public static Tensor Wgan(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator gen,
        Func<int, Func<int, Tensor>, Tensor>? drawRows = null)
    {
        if (!real.Shape.AsSpan().SequenceEqual(fake.Shape))
            throw new ArgumentException($"GradientPenalties.Wgan: real {Common.ShapeText.Format(real.Shape)} and fake {Common.ShapeText.Format(fake.Shape)} must have the same shape.");
        int[] perExample = [.. Enumerable.Repeat(1, real.Rank - 1)];
        Tensor Draw(int n) => Tensor.Rand([n, .. perExample], gen);
        var eps = drawRows is null ? Draw(real.Shape[0]) : drawRows(real.Shape[0], Draw);
        return WganAt(critic, real, fake, eps);
    }

    /// <summary>The WGAN-GP penalty with given mixing weights ε [N, 1, …] (for tests and reproducible studies).</summary>
    public static Tensor WganAt(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor eps)
    {
        var interpolates = (eps * real.Detach() + (1f - eps) * fake.Detach()).Detach().RequireGrad();
        var norms = PerSampleGradientNorm(critic, interpolates, squared: false);
        return (norms - 1f).Square().Mean();
    }

    /// <summary>
    /// R1 (Mescheder et al. 2018): mean over real samples of ‖∇ₓ D(x)‖₂², the zero-centred penalty on real data that
    /// makes GAN training locally convergent. The usual term is γ/2 times this.
    /// </summary>
    public static Tensor R1(Func<Tensor, Tensor> discriminator, Tensor real)
        => PerSampleGradientNorm(discriminator, real.Detach().Clone().RequireGrad(), squared: true).Mean();

    /// <summary>‖∂(Σ scores)/∂xᵢ‖ (or its square) per sample i, over every non-batch axis, with the graph kept.</summary>
    private static Tensor PerSampleGradientNorm(Func<Tensor, Tensor> scores, Tensor x, bool squared)
    {
        var s = scores(x);
        var g = Autograd.Grad([s.Sum()], [x], createGraph: true)[0]!;
        int[] axes = Enumerable.Range(1, g.Rank - 1).ToArray();
        var sq = axes.Length == 0 ? g.Square() : g.Square().Sum(axes);
        // The tiny offset keeps the square root differentiable where a gradient vanishes.
        return squared ? sq : (sq + 1e-12f).Sqrt();
    }
}
