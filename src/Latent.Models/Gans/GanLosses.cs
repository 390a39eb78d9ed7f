using Latent.Models.Catalog;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The discriminator and generator losses of every <see cref="GanLossKind"/>, computed from raw scores (logits) and
/// averaged over the batch.
/// </summary>
public static class GanLosses
{
    /// <summary>Whether the loss reads the real target, so that one-sided label smoothing applies to it.</summary>
    public static bool UsesRealTarget(GanLossKind kind) => kind is GanLossKind.Minimax or GanLossKind.NonSaturating or GanLossKind.LeastSquares;

    /// <summary>The discriminator's (or critic's) loss, to be minimized.</summary>
    /// <param name="kind">The objective.</param>
    /// <param name="realScores">Scores of real samples, any shape.</param>
    /// <param name="fakeScores">Scores of generated samples, any shape.</param>
    /// <param name="realTarget">
    /// The target for real samples: 1, or less with one-sided label smoothing (e.g. 0.9). Fakes always keep target 0.
    /// Only the cross-entropy and least-squares losses read it.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="realTarget"/> is not 1 for a loss that has no targets.</exception>
    public static Tensor Discriminator(GanLossKind kind, Tensor realScores, Tensor fakeScores, float realTarget = 1f)
    {
        if (realTarget != 1f && !UsesRealTarget(kind))
            throw new ArgumentException($"Label smoothing (real target {realTarget}) does not apply to the {OptionChoices.Name(kind)} loss, which has no targets.");
        return kind switch
        {
            GanLossKind.Minimax or GanLossKind.NonSaturating =>
                Losses.BinaryCrossEntropyWithLogits(realScores, Tensor.FullLike(realScores, realTarget))
                + Losses.BinaryCrossEntropyWithLogits(fakeScores, Tensor.ZerosLike(fakeScores)),
            GanLossKind.Wasserstein => Losses.WassersteinCritic(realScores, fakeScores),
            GanLossKind.Hinge => (1f - realScores).Relu().Mean() + (1f + fakeScores).Relu().Mean(),
            GanLossKind.LeastSquares => 0.5f * (realScores - realTarget).Square().Mean() + 0.5f * fakeScores.Square().Mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown GAN loss."),
        };
    }

    /// <summary>The generator's loss, to be minimized, from the scores of its samples.</summary>
    public static Tensor Generator(GanLossKind kind, Tensor fakeScores) => kind switch
    {
        // log(1 − σ(s)) = −softplus(s): G minimizes it, i.e. the saturating loss.
        GanLossKind.Minimax => fakeScores.Softplus().Mean().Neg(),
        // −log σ(s) = softplus(−s).
        GanLossKind.NonSaturating => fakeScores.Neg().Softplus().Mean(),
        GanLossKind.Wasserstein or GanLossKind.Hinge => Losses.WassersteinGenerator(fakeScores),
        GanLossKind.LeastSquares => 0.5f * (fakeScores - 1f).Square().Mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown GAN loss."),
    };
}
