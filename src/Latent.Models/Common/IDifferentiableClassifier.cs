using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// A trained classifier whose class scores can be differentiated with respect to its input: what adversarial
/// attacks, adversarial training and class visualisation need, without knowing the classifier's family.
/// </summary>
public interface IDifferentiableClassifier
{
    /// <summary>The number of classes K.</summary>
    int Classes { get; }

    /// <summary>The shape of one input, e.g. [1, 28, 28]; inputs are in [0, 1].</summary>
    int[] InputShape { get; }

    /// <summary>
    /// The logits [N, K] of <paramref name="inputs"/> [N, ...InputShape] in evaluation mode (no dropout, batch norm on its
    /// running statistics), recording the graph so that gradients reach the inputs.
    /// </summary>
    Tensor Logits(Tensor inputs);
}
