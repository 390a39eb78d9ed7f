using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>Gathers the labelled batches of a loader into one tensor: what evaluations over a test loader need.</summary>
public static class LabelledImages
{
    /// <summary>The inputs and labels of the batches of <paramref name="data"/>, in order, up to <paramref name="limit"/> of them.</summary>
    /// <exception cref="ArgumentException">A batch has no labels, or the loader is empty.</exception>
    public static (Tensor Images, int[] Labels) Collect(DataLoader data, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var images = new List<Tensor>();
        var labels = new List<int>();
        foreach (var batch in data)
        {
            if (labels.Count >= limit) break;
            images.Add(batch.Inputs);
            labels.AddRange(batch.Labels ?? throw new ArgumentException("The batches have no labels."));
        }
        if (images.Count == 0) throw new ArgumentException("The loader has no batches.");
        var all = Tensor.Concat([.. images]);
        int n = Math.Min(limit, labels.Count);
        return (n < labels.Count ? all.Narrow(0, 0, n) : all, [.. labels.Take(n)]);
    }
}
