using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>
/// Outlier detection by reconstruction error: a model trained without one class reconstructs that class badly, so
/// the per-example reconstruction error is an outlier score, judged by its ROC AUC for flagging the held-out class.
/// </summary>
public static class OutlierDetection
{
    /// <summary>The squared reconstruction error Σⱼ (x̂ⱼ − xⱼ)² of each row of <paramref name="x"/>: double[N].</summary>
    public static double[] ReconstructionErrors(ILatentVariableModel model, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(model);
        var errors = Reconstruction.SumPerExample((LatentEncoding.Reconstruct(model, x) - x).Square()).Data;
        var result = new double[errors.Length];
        for (int i = 0; i < result.Length; i++) result[i] = errors[i];
        return result;
    }

    /// <summary>The ROC AUC of the reconstruction error for flagging rows whose label is <paramref name="outlierClass"/>.</summary>
    /// <exception cref="ArgumentException">Labels do not match, or the set lacks outliers or inliers.</exception>
    public static double RocAucOfClass(ILatentVariableModel model, Tensor x, int[] labels, int outlierClass)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != x.Shape[0]) throw new ArgumentException($"OutlierDetection: {labels.Length} labels for {x.Shape[0]} rows.", nameof(labels));
        return RocAuc.Compute(ReconstructionErrors(model, x), labels.Select(l => l == outlierClass).ToArray());
    }

    /// <summary>The rows of <paramref name="x"/> whose label is not <paramref name="excludedClass"/>: the training set of the detector.</summary>
    public static Tensor WithoutClass(Tensor x, int[] labels, int excludedClass)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        var keep = Enumerable.Range(0, labels.Length).Where(i => labels[i] != excludedClass).ToArray();
        if (keep.Length == 0) throw new ArgumentException($"OutlierDetection: every row belongs to class {excludedClass}.", nameof(labels));
        return x.IndexSelect(0, keep);
    }
}
