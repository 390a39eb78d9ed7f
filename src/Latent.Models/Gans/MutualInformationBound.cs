using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// InfoGAN's variational lower bound on the mutual information between the codes c and the generated x,
/// L_I = E[log Q(c|x)] + H(c) ≤ I(c; G(z, c)) (Chen et al. 2016). Maximizing it is minimizing the negative
/// log-likelihood of the codes under Q: for the categorical code the cross-entropy of Q's logits against the code
/// drawn, for the continuous codes the Gaussian negative log-likelihood Σ_d [log σ_d + ½ log 2π + (c_d − μ_d)² / 2σ_d²].
/// </summary>
public static class MutualInformationBound
{
    /// <summary>−E log Q(c₁|x): the mean cross-entropy of the categorical logits [N, K] against the drawn categories.</summary>
    public static Tensor CategoricalNll(Tensor logits, int[] category) => Losses.CrossEntropy(logits, category);

    /// <summary>
    /// −E log Q(c₂…|x): the Gaussian negative log-likelihood of the codes [N, D] under means and log standard
    /// deviations [N, D], summed over the D codes and averaged over the batch.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor GaussianNll(Tensor mean, Tensor logStd, Tensor codes)
    {
        if (!mean.Shape.SequenceEqual(codes.Shape) || !logStd.Shape.SequenceEqual(codes.Shape) || codes.Rank != 2)
            throw new ArgumentException($"MutualInformationBound: mean {Common.ShapeText.Format(mean.Shape)}, log std {Common.ShapeText.Format(logStd.Shape)} and codes {Common.ShapeText.Format(codes.Shape)} must be one [N, D] shape.");
        if (codes.Shape[1] == 0) return Tensor.Zeros([]);
        var z = (codes - mean) * (logStd.Neg()).Exp();
        var perValue = logStd + 0.5f * MathF.Log(2 * MathF.PI) + 0.5f * z * z;
        return perValue.Sum() / codes.Shape[0];
    }

    /// <summary>The entropy of the categorical prior: log K nats.</summary>
    public static double CategoricalEntropy(int categories) => Math.Log(categories);

    /// <summary>The entropy of the continuous prior U(−1, 1)^D: D·log 2 nats.</summary>
    public static double ContinuousEntropy(int codes) => codes * Math.Log(2);
}
