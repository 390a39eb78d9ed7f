using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The K+1-class discriminator loss of the semi-supervised GAN (Salimans et al. 2016). The discriminator outputs K
/// class logits l₁…l_K; the logit of the extra "fake" class is fixed at 0, so with Z(x) = Σ_k exp l_k the
/// probability of "real" is D(x) = Z / (Z + 1) and log D = LSE(l) − softplus(LSE(l)), log(1 − D) = −softplus(LSE(l)).
/// L = L_supervised + w·L_unsupervised, where L_supervised is the cross-entropy of the K logits on labelled data
/// (log p(y | x, y ≤ K)) and L_unsupervised = −E_real log D(x) − E_fake log(1 − D(G(z))).
/// </summary>
public static class SemiSupervisedGanLoss
{
    /// <summary>−E log p(y | x, y ≤ K) of labelled examples: the cross-entropy of the K class logits [N, K].</summary>
    public static Tensor Supervised(Tensor logits, int[] labels) => Losses.CrossEntropy(logits, labels);

    /// <summary>
    /// −E_real log D(x) − E_fake log(1 − D(x)) from the K class logits of unlabelled real [N, K] and generated [M, K]
    /// examples, with the fake class's logit fixed at 0.
    /// </summary>
    /// <exception cref="ArgumentException">The logits are not [N, K] with the same K.</exception>
    public static Tensor Unsupervised(Tensor realLogits, Tensor fakeLogits)
    {
        if (realLogits.Rank != 2 || fakeLogits.Rank != 2 || realLogits.Shape[1] != fakeLogits.Shape[1])
            throw new ArgumentException($"SemiSupervisedGanLoss: expected logits [N, K] and [M, K], got {Common.ShapeText.Format(realLogits.Shape)} and {Common.ShapeText.Format(fakeLogits.Shape)}.");
        var realLse = realLogits.LogSumExp([1]);
        var fakeLse = fakeLogits.LogSumExp([1]);
        var realTerm = (realLse - realLse.Softplus()).Mean().Neg();
        return realTerm + fakeLse.Softplus().Mean();
    }

    /// <summary>D(x) = Z / (Z + 1): the probability the K+1-class discriminator gives "real", per example.</summary>
    public static Tensor RealProbability(Tensor logits) => logits.LogSumExp([1]).Sigmoid();
}
