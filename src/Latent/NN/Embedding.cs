using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// A lookup table of <c>count</c> learned vectors of size <c>dim</c>: indices of shape [*] map to vectors of shape
/// [*, dim]. Initialized from N(0, 1) like PyTorch.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates the table.</summary>
    /// <param name="count">Number of entries.</param>
    /// <param name="dim">Size of each vector.</param>
    /// <param name="gen">Random source for the initial vectors.</param>
    /// <param name="paddingIndex">An entry initialized to zero that receives no gradient (for padding tokens).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the padding index is outside the table.</exception>
    public Embedding(int count, int dim, Generator gen, int? paddingIndex = null)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), $"Embedding: count must be positive, got {count}.");
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), $"Embedding: dim must be positive, got {dim}.");
        if (paddingIndex is int pi && (pi < 0 || pi >= count))
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), $"Embedding: paddingIndex {pi} is outside [0, {count}).");
        Count = count;
        PaddingIndex = paddingIndex;
        Dim = dim;
        var weight = Tensor.Randn([count, dim], gen);
        if (paddingIndex is int p) weight.Data.Slice(p * dim, dim).Clear();
        RegisterParameter("weight", weight);
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>Size of each vector.</summary>
    public int Dim { get; }

    /// <summary>The entry that receives no gradient, or null.</summary>
    public int? PaddingIndex { get; }

    /// <summary>The table [count, dim].</summary>
    public Tensor Weight => Get("weight");

    /// <summary>Looks up indices stored as whole-number floats of any shape.</summary>
    /// <exception cref="ArgumentException">An index is not a whole number in [0, count).</exception>
    public override Tensor Forward(Tensor indices)
    {
        var ids = new int[indices.Size];
        var data = indices.Data;
        for (int i = 0; i < ids.Length; i++)
        {
            float v = data[i];
            if (v != MathF.Floor(v))
                throw new ArgumentException($"Embedding: index {v} at position {i} is not a whole number.", nameof(indices));
            ids[i] = (int)v;
        }
        return Lookup(ids).Reshape([.. indices.Shape, Dim]);
    }

    /// <summary>Looks up a flat list of indices, giving [n, dim].</summary>
    /// <exception cref="ArgumentException">An index is outside [0, count).</exception>
    public Tensor Forward(int[] indices) => Lookup(indices);

    private Tensor Lookup(int[] ids)
    {
        foreach (int id in ids)
            if (id < 0 || id >= Count)
                throw new ArgumentException($"Embedding: index {id} is outside the table of {Count} entries.", nameof(ids));
        var rows = Weight.IndexSelect(0, ids);
        if (PaddingIndex is not int pad || !ids.Contains(pad)) return rows;
        var keep = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++) keep[i] = ids[i] == pad ? 0f : 1f;
        return rows * Tensor.FromArray(keep, ids.Length, 1);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"count={Count}, dim={Dim}";
}
