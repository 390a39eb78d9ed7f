using Latent.Tensors;

namespace Latent.Training;

/// <summary>
/// The rows [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) of a global batch of <see cref="Total"/>
/// examples that this process trains on under data parallelism.
/// </summary>
/// <param name="Start">The first row of the global batch that this process holds.</param>
/// <param name="Count">How many rows it holds.</param>
/// <param name="Total">The size of the global batch.</param>
public readonly record struct BatchShard(int Start, int Count, int Total)
{
    /// <summary>This shard's share of the global batch, Count / Total: the weight of its gradients in the average.</summary>
    public float Share => Count / (float)Total;

    /// <summary>
    /// This shard's rows of a per-example random draw for the whole global batch: <paramref name="draw"/>(Total) is
    /// called, so the generator advances exactly as in one process that trains on the whole batch, and rows
    /// [Start, Start + Count) of its result are returned.
    /// </summary>
    /// <param name="rows">The rows the caller expects: this shard's <see cref="Count"/>.</param>
    /// <param name="draw">Makes a draw of n rows (first axis) from the model's generator.</param>
    /// <exception cref="InvalidOperationException"><paramref name="rows"/> is not this shard's size, or the draw has the wrong number of rows.</exception>
    public Tensor Rows(int rows, Func<int, Tensor> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        if (rows != Count)
            throw new InvalidOperationException($"a per-example draw of {rows} rows was asked for in a step whose shard holds {Count} of the global batch's {Total} rows.");
        var all = draw(Total);
        if (all.Rank == 0 || all.Shape[0] != Total)
            throw new InvalidOperationException($"a per-example draw for {Total} rows returned shape {ShapeUtil.Format(all.Shape)}.");
        return Count == Total ? all : all.Narrow(0, Start, Count);
    }
}
