using Latent.Tensors;

namespace Latent.Data;

/// <summary>Where a <see cref="DataLoader"/> copies examples from: rows of a float tensor or images of byte data.</summary>
internal abstract class RowSource
{
    /// <summary>The number of examples.</summary>
    public abstract int Count { get; }

    /// <summary>The shape of one example (the source shape without its first axis).</summary>
    public abstract int[] RowShape { get; }

    /// <summary>Copies example <paramref name="index"/> into <paramref name="destination"/> as floats.</summary>
    public abstract void CopyRow(int index, Span<float> destination);

    /// <summary>Rows of a tensor [N, ...]; the tensor is read at batch time, not copied.</summary>
    public sealed class FromTensor(Tensor tensor) : RowSource
    {
        private readonly int _rowSize = tensor.Shape[0] == 0 ? 0 : tensor.Size / tensor.Shape[0];

        public override int Count => tensor.Shape[0];

        public override int[] RowShape { get; } = tensor.Shape[1..];

        public override void CopyRow(int index, Span<float> destination)
            => tensor.Storage.AsSpan(index * _rowSize, _rowSize).CopyTo(destination);
    }

    /// <summary>Images of an <see cref="ImageDataset"/>, converted from bytes to [0, 1] floats while batching.</summary>
    public sealed class FromImages(ImageDataset dataset) : RowSource
    {
        public override int Count => dataset.Count;

        public override int[] RowShape { get; } = [dataset.Channels, dataset.Height, dataset.Width];

        public override void CopyRow(int index, Span<float> destination) => dataset.CopyImage(index, destination);
    }
}
