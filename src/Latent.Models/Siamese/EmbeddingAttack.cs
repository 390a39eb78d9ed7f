using Latent.Models.Common.Adversarial;
using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// An adversarial attack on a Siamese embedding (F40 on F38): moves the first image of each pair inside an L∞ ball so
/// that its embedding comes as close to the second's as the network's own notion of "alike" allows, making two
/// different items "the same" under the model's threshold.
/// </summary>
public static class EmbeddingAttack
{
    /// <summary>
    /// Perturbs <paramref name="first"/> [P, C, H, W] by <paramref name="attack"/> to raise
    /// <see cref="SiameseModel.Score"/> against the fixed embeddings of <paramref name="second"/>; returns the
    /// perturbed images and their scores after the attack.
    /// </summary>
    /// <exception cref="ArgumentException">The two batches differ in shape.</exception>
    public static (Tensor Images, float[] Scores) MakeSame(SiameseModel model, Tensor first, Tensor second, SignGradientAttack attack)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(attack);
        if (!first.Shape.AsSpan().SequenceEqual(second.Shape))
            throw new ArgumentException($"The pairs differ in shape: [{string.Join(", ", first.Shape)}] and [{string.Join(", ", second.Shape)}].", nameof(second));
        var target = model.Embed(second);
        bool wasTraining = model.Network.IsTraining;
        model.Network.Train(false);
        try
        {
            var perturbed = attack.Run(first, z => model.Score(model.Network.Forward(z), target).Sum());
            return (perturbed, Scores(model, perturbed, second));
        }
        finally
        {
            model.Network.Train(wasTraining);
        }
    }

    /// <summary>The model's scores of the pairs (<paramref name="first"/>[i], <paramref name="second"/>[i]).</summary>
    public static float[] Scores(SiameseModel model, Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(model);
        using (Autograd.NoGrad()) return model.Score(model.Embed(first), model.Embed(second)).ToArray();
    }
}
