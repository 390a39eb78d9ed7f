using Latent.Tensors;

namespace Latent.Models.Common.Adversarial;

/// <summary>How well a classifier holds up under attack: accuracy on clean and perturbed inputs, over a range of ε.</summary>
public static class AdversarialAccuracy
{
    /// <summary>The fraction of <paramref name="inputs"/> [N, ...] the classifier labels as <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The labels do not match the batch.</exception>
    public static double Of(IDifferentiableClassifier classifier, Tensor inputs, int[] labels, int batchSize = 250)
        => Under(classifier, inputs, labels, null, null, batchSize);

    /// <summary>
    /// The accuracy on the untargeted adversarial examples of <paramref name="attack"/> (null: the clean accuracy),
    /// computed in batches of <paramref name="batchSize"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The labels do not match the batch.</exception>
    public static double Under(IDifferentiableClassifier classifier, Tensor inputs, int[] labels, SignGradientAttack? attack,
        Generator? generator = null, int batchSize = 250)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != inputs.Shape[0]) throw new ArgumentException($"{labels.Length} labels for {inputs.Shape[0]} inputs.", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        long correct = 0;
        for (int start = 0; start < labels.Length; start += batchSize)
        {
            int n = Math.Min(batchSize, labels.Length - start);
            var x = inputs.Narrow(0, start, n);
            var y = labels.AsSpan(start, n).ToArray();
            if (attack != null) x = attack.Untargeted(classifier, x, y, generator);
            correct += Correct(classifier, x, y);
        }
        return correct / (double)labels.Length;
    }

    /// <summary>The accuracy under the attack <paramref name="attackOf"/>(ε) for each ε of <paramref name="epsilons"/> (ε = 0 gives the clean accuracy).</summary>
    public static double[] Curve(IDifferentiableClassifier classifier, Tensor inputs, int[] labels, IReadOnlyList<float> epsilons,
        Func<float, SignGradientAttack> attackOf, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(epsilons);
        ArgumentNullException.ThrowIfNull(attackOf);
        return [.. epsilons.Select(eps => Under(classifier, inputs, labels, eps > 0 ? attackOf(eps) : null, generator))];
    }

    /// <summary>The classes the classifier predicts for <paramref name="inputs"/>.</summary>
    public static int[] Predict(IDifferentiableClassifier classifier, Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(inputs);
        using (Autograd.NoGrad())
        {
            var argmax = classifier.Logits(inputs).Argmax(1).Data;
            var predicted = new int[argmax.Length];
            for (int i = 0; i < predicted.Length; i++) predicted[i] = (int)argmax[i];
            return predicted;
        }
    }

    private static int Correct(IDifferentiableClassifier classifier, Tensor x, int[] labels)
    {
        var predicted = Predict(classifier, x);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return correct;
    }
}
