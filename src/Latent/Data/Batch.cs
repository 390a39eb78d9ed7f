using Latent.Tensors;

namespace Latent.Data;

/// <summary>One mini-batch from a <see cref="DataLoader"/>.</summary>
/// <param name="Inputs">The inputs, shape [B, ...] (the dataset's example shape with a batch axis in front).</param>
/// <param name="Labels">Integer class labels of the examples, or null when the loader has none.</param>
/// <param name="Targets">Float targets [B, ...] when the loader was given a target tensor, else null.</param>
/// <param name="Indices">The dataset index of each example in the batch.</param>
public sealed record Batch(Tensor Inputs, int[]? Labels, Tensor? Targets, int[] Indices)
{
    /// <summary>The number of examples in the batch.</summary>
    public int Size => Indices.Length;

    /// <summary>The class labels as a float tensor [B], for losses that take class indices.</summary>
    /// <exception cref="InvalidOperationException">The loader has no integer labels.</exception>
    public Tensor LabelsTensor()
    {
        if (Labels == null) throw new InvalidOperationException("This batch has no integer labels: the DataLoader was built without them.");
        var data = new float[Labels.Length];
        for (int i = 0; i < data.Length; i++) data[i] = Labels[i];
        return new Tensor(data, [data.Length]);
    }
}
