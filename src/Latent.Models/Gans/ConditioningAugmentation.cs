using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// StackGAN's conditioning augmentation (Zhang et al. 2017): a class (text, in the paper) embedding φ is mapped to a
/// Gaussian N(μ(φ), diag σ²(φ)) and the generator is conditioned on a sample ĉ = μ + σ ⊙ ε, ε ~ N(0, I), which smooths
/// the conditioning manifold; the generator's loss adds KL(N(μ, σ²) ‖ N(0, I)) =
/// ½ Σ_d (μ_d² + σ_d² − log σ_d² − 1), averaged over the batch.
/// </summary>
public sealed class ConditioningAugmentation : Module
{
    private readonly Embedding _embedding;
    private readonly Linear _gaussian;

    /// <summary>Creates the module.</summary>
    /// <param name="classes">Classes with a learned embedding each.</param>
    /// <param name="embeddingDim">The size of φ.</param>
    /// <param name="conditionDim">The size of ĉ.</param>
    /// <param name="gen">Initializes the weights.</param>
    public ConditioningAugmentation(int classes, int embeddingDim, int conditionDim, Generator gen)
    {
        if (classes < 1 || embeddingDim < 1 || conditionDim < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), $"ConditioningAugmentation: classes {classes}, embeddingDim {embeddingDim} and conditionDim {conditionDim} must be positive.");
        Classes = classes;
        ConditionDim = conditionDim;
        _embedding = RegisterModule("embedding", new Embedding(classes, embeddingDim, gen));
        _gaussian = RegisterModule("gaussian", new Linear(embeddingDim, 2 * conditionDim, gen));
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The size of ĉ.</summary>
    public int ConditionDim { get; }

    /// <summary>μ and log σ² [N, ConditionDim] of each label's Gaussian.</summary>
    public (Tensor Mean, Tensor LogVar) Gaussian(int[] labels)
    {
        var h = _gaussian.Call(_embedding.Forward(labels)).LeakyRelu(0.2f);
        return (h.Narrow(1, 0, ConditionDim), h.Narrow(1, ConditionDim, ConditionDim));
    }

    /// <summary>ĉ = μ + σ ⊙ ε (or μ when <paramref name="gen"/> is null), with the batch's KL term.</summary>
    public (Tensor Condition, Tensor Mean, Tensor Kl) Sample(int[] labels, Generator? gen)
    {
        var (mean, logVar) = Gaussian(labels);
        var condition = gen == null ? mean : mean + (0.5f * logVar).Exp() * Tensor.Randn(mean.Shape, gen);
        return (condition, mean, Kl(mean, logVar));
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) summed over dimensions, averaged over the batch.</summary>
    public static Tensor Kl(Tensor mean, Tensor logVar) => Losses.KlDivergenceStandardNormal(mean, logVar);

    /// <summary>Not used: the module takes labels; call <see cref="Sample"/>.</summary>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("ConditioningAugmentation: call Sample(labels, gen).");
}
