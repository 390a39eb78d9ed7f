using System.Collections;
using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// Iterates over a dataset in mini-batches. Each enumeration (each <c>foreach</c>) is one epoch that visits every
/// example exactly once (or every example of the full batches with <see cref="DropLast"/>), in an order drawn from the
/// loader's <see cref="Generator"/> when shuffling, so the same seed gives the same order. A batch is assembled with
/// one copy per example straight into the batch tensor; with <see cref="Prefetch"/> the next batch is assembled on a
/// background task while the current one is used.
/// </summary>
/// <example>
/// <code>
/// var loader = new DataLoader(FashionMnist.Load(DatasetSplit.Train), batchSize: 128, generator: new Generator(42));
/// foreach (Batch batch in loader) { /* batch.Inputs is [128, 1, 28, 28], batch.Labels is int[128] */ }
/// </code>
/// </example>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly RowSource _inputs;
    private readonly int[]? _labels;
    private readonly RowSource? _targets;

    /// <summary>A loader over the rows of <paramref name="inputs"/> [N, ...] with optional integer class labels.</summary>
    /// <param name="inputs">The examples, stacked along the first axis. They are read at batch time, not copied.</param>
    /// <param name="labels">One class label per example, or null.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="shuffle">Visit examples in a random order each epoch.</param>
    /// <param name="dropLast">Skip the final batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="generator">The random source for shuffling; when null a generator seeded with 0 is used.</param>
    /// <param name="prefetch">Assemble the next batch on a background task.</param>
    /// <exception cref="ArgumentException">Sizes disagree or the batch size is not positive.</exception>
    public DataLoader(Tensor inputs, int[]? labels = null, int batchSize = 64, bool shuffle = true, bool dropLast = false,
        Generator? generator = null, bool prefetch = false)
        : this(FromTensor(inputs, "inputs"), labels, null, batchSize, shuffle, dropLast, generator, prefetch) { }

    /// <summary>A loader over rows of <paramref name="inputs"/> [N, ...] paired with float targets [N, ...].</summary>
    /// <inheritdoc cref="DataLoader(Tensor, int[], int, bool, bool, Generator, bool)"/>
    /// <param name="inputs">The examples, stacked along the first axis.</param>
    /// <param name="targets">One target row per example (regression targets, conditioning vectors, paired images).</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="shuffle">Visit examples in a random order each epoch.</param>
    /// <param name="dropLast">Skip the final batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="generator">The random source for shuffling; when null a generator seeded with 0 is used.</param>
    /// <param name="prefetch">Assemble the next batch on a background task.</param>
    public DataLoader(Tensor inputs, Tensor targets, int batchSize = 64, bool shuffle = true, bool dropLast = false,
        Generator? generator = null, bool prefetch = false)
        : this(FromTensor(inputs, "inputs"), null, FromTensor(targets, "targets"), batchSize, shuffle, dropLast, generator, prefetch) { }

    /// <summary>A loader over an image dataset: inputs [B, C, H, W] in [0, 1] converted from bytes per batch, with its labels.</summary>
    /// <inheritdoc cref="DataLoader(Tensor, int[], int, bool, bool, Generator, bool)"/>
    /// <param name="dataset">The images and labels.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="shuffle">Visit examples in a random order each epoch.</param>
    /// <param name="dropLast">Skip the final batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="generator">The random source for shuffling; when null a generator seeded with 0 is used.</param>
    /// <param name="prefetch">Assemble the next batch on a background task.</param>
    public DataLoader(ImageDataset dataset, int batchSize = 64, bool shuffle = true, bool dropLast = false,
        Generator? generator = null, bool prefetch = false)
        : this(new RowSource.FromImages(dataset ?? throw new ArgumentNullException(nameof(dataset))), dataset.Labels.ToArray(), null,
            batchSize, shuffle, dropLast, generator, prefetch) { }

    private DataLoader(RowSource inputs, int[]? labels, RowSource? targets, int batchSize, bool shuffle, bool dropLast,
        Generator? generator, bool prefetch)
    {
        if (batchSize <= 0) throw new ArgumentException($"DataLoader: batch size {batchSize} must be positive.", nameof(batchSize));
        if (labels != null && labels.Length != inputs.Count)
            throw new ArgumentException($"DataLoader: {labels.Length} labels for {inputs.Count} examples.", nameof(labels));
        if (targets != null && targets.Count != inputs.Count)
            throw new ArgumentException($"DataLoader: {targets.Count} targets for {inputs.Count} examples.", nameof(targets));
        _inputs = inputs;
        _labels = labels;
        _targets = targets;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Generator = generator ?? new Generator(0);
        Prefetch = prefetch;
    }

    /// <summary>The number of examples in the dataset.</summary>
    public int Count => _inputs.Count;

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the examples in a fresh random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a final batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Whether the next batch is assembled on a background task.</summary>
    public bool Prefetch { get; }

    /// <summary>The generator that draws each epoch's order (save its state in checkpoints for exact resume).</summary>
    public Generator Generator { get; }

    /// <summary>
    /// An optional function applied to each batch's inputs (augmentation, corruption, rescaling). With
    /// <see cref="Prefetch"/> it runs on a background task, so give it its own <see cref="Tensors.Generator"/>.
    /// </summary>
    public Func<Tensor, Tensor>? Transform { get; init; }

    /// <summary>How many epochs have started.</summary>
    public int EpochsStarted { get; private set; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>Starts an epoch; its order is drawn when the first batch is requested.</summary>
    public IEnumerator<Batch> GetEnumerator() => Epoch().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// An epoch that draws its order like any other but yields only the batches from <paramref name="firstBatch"/> on,
    /// without assembling the ones before it (resuming in the middle of an epoch).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstBatch"/> is negative.</exception>
    public IEnumerable<Batch> Epoch(int firstBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        return EnumerateEpoch(firstBatch);
    }

    private IEnumerable<Batch> EnumerateEpoch(int firstBatch)
    {
        int[] order = NextOrder();
        int batches = BatchesPerEpoch;
        if (!Prefetch)
        {
            for (int b = firstBatch; b < batches; b++) yield return MakeBatch(order, b);
            yield break;
        }
        Task<Batch>? pending = firstBatch < batches ? Task.Run(() => MakeBatch(order, firstBatch)) : null;
        for (int b = firstBatch; b < batches; b++)
        {
            Batch current = pending!.GetAwaiter().GetResult();
            int nextIndex = b + 1;
            pending = nextIndex < batches ? Task.Run(() => MakeBatch(order, nextIndex)) : null;
            yield return current;
        }
    }

    private int[] NextOrder()
    {
        EpochsStarted++;
        if (Shuffle) return Tensor.PermutationIndices(Count, Generator);
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        return order;
    }

    private Batch MakeBatch(int[] order, int batchIndex)
    {
        int start = batchIndex * BatchSize;
        int size = Math.Min(BatchSize, Count - start);
        var indices = order.AsSpan(start, size).ToArray();
        Tensor inputs = Gather(_inputs, indices);
        if (Transform != null) inputs = Transform(inputs);
        int[]? labels = null;
        if (_labels != null)
        {
            labels = new int[size];
            for (int i = 0; i < size; i++) labels[i] = _labels[indices[i]];
        }
        Tensor? targets = _targets == null ? null : Gather(_targets, indices);
        return new Batch(inputs, labels, targets, indices);
    }

    private static Tensor Gather(RowSource source, int[] indices)
    {
        int[] rowShape = source.RowShape;
        int rowSize = ShapeUtil.SizeOf(rowShape);
        var data = Tensor.NewStorage(indices.Length * rowSize);
        for (int i = 0; i < indices.Length; i++)
            source.CopyRow(indices[i], data.AsSpan(i * rowSize, rowSize));
        return new Tensor(data, [indices.Length, .. rowShape]);
    }

    private static RowSource FromTensor(Tensor tensor, string what)
    {
        ArgumentNullException.ThrowIfNull(tensor, what);
        if (tensor.Rank == 0)
            throw new ArgumentException($"DataLoader: {what} must have a first (example) axis, got a scalar.", what);
        return new RowSource.FromTensor(tensor);
    }
}
