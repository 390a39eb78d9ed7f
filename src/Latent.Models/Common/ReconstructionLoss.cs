using Latent.Models.Catalog;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>How an autoencoder compares its output with the clean input.</summary>
public enum ReconstructionLoss
{
    /// <summary>Squared error Σⱼ (x̂ⱼ − xⱼ)²; the decoder output is the reconstruction itself.</summary>
    [OptionValue("mse", "squared")]
    SquaredError,

    /// <summary>
    /// Cross-entropy −Σⱼ [xⱼ log x̂ⱼ + (1 − xⱼ) log(1 − x̂ⱼ)] for data in [0, 1]; the decoder outputs logits and
    /// x̂ = sigmoid(logits), computed stably from the logits.
    /// </summary>
    [OptionValue("bce", "cross-entropy")]
    BinaryCrossEntropy,
}

/// <summary>Per-example reconstruction losses and the map from decoder output to data space.</summary>
public static class Reconstruction
{
    /// <summary>
    /// The loss of each example, summed over its values: [B] for decoder outputs and targets [B, ...] of the same shape.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor PerExample(Tensor decoderOutput, Tensor target, ReconstructionLoss loss)
    {
        ArgumentNullException.ThrowIfNull(decoderOutput);
        ArgumentNullException.ThrowIfNull(target);
        if (!ShapeText.Same(decoderOutput.Shape, target.Shape))
            throw new ArgumentException($"Reconstruction: output {ShapeText.Format(decoderOutput.Shape)} and target {ShapeText.Format(target.Shape)} differ.", nameof(target));
        var perValue = loss switch
        {
            ReconstructionLoss.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(decoderOutput, target, reduction: Reduction.None),
            _ => (decoderOutput - target).Square(),
        };
        return SumPerExample(perValue);
    }

    /// <summary>The data-space reconstruction: sigmoid of the logits for cross-entropy, the output itself for squared error.</summary>
    public static Tensor ToData(Tensor decoderOutput, ReconstructionLoss loss)
        => loss == ReconstructionLoss.BinaryCrossEntropy ? decoderOutput.Sigmoid() : decoderOutput;

    /// <summary>Sums every axis but the first: [B, ...] → [B].</summary>
    public static Tensor SumPerExample(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 1) return x;
        return x.Reshape(x.Shape[0], -1).Sum(1);
    }
}
