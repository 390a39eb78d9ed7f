using Latent.Tensors;

namespace Latent.NN;

public static partial class Losses
{
    /// <summary>
    /// The WGAN critic loss mean(D(fake)) − mean(D(real)) (Arjovsky et al., 2017), minimized by the critic; its negation
    /// estimates the Wasserstein-1 distance when the critic is 1-Lipschitz.
    /// </summary>
    public static Tensor WassersteinCritic(Tensor realScores, Tensor fakeScores) => fakeScores.Mean() - realScores.Mean();

    /// <summary>The WGAN generator loss −mean(D(fake)).</summary>
    public static Tensor WassersteinGenerator(Tensor fakeScores) => fakeScores.Mean().Neg();
}
