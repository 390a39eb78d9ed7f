namespace Latent.Models.Gans;

/// <summary>Validation of class labels passed to conditional GAN networks.</summary>
internal static class LabelCheck
{
    /// <summary>Throws unless labels are present exactly when <paramref name="classes"/> &gt; 0, one per sample, in range.</summary>
    public static void Require(string owner, int classes, int[]? labels, int batch)
    {
        if (classes == 0)
        {
            if (labels != null)
                throw new ArgumentException($"{owner}: the network is unconditional but labels were given.", nameof(labels));
            return;
        }
        if (labels == null)
            throw new ArgumentException($"{owner}: the network is conditioned on {classes} classes; pass one label per sample.", nameof(labels));
        if (labels.Length != batch)
            throw new ArgumentException($"{owner}: {labels.Length} labels for a batch of {batch}.", nameof(labels));
        foreach (int label in labels)
            if ((uint)label >= (uint)classes)
                throw new ArgumentException($"{owner}: label {label} is outside [0, {classes}).", nameof(labels));
    }
}
