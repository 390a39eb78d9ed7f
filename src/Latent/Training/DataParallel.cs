using System.Security.Cryptography;
using Latent.Data;
using Latent.Distributed;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Training;

/// <summary>
/// Data parallelism over MPI for the <see cref="Trainer"/>, as PyTorch's DistributedDataParallel does it: rank 0's
/// parameters, buffers and optimizer state are broadcast once; every rank trains on its shard of each global batch (the
/// loader and its order are the same on every rank, so the global batch is the one a single process would see);
/// before each optimizer step the gradients are averaged over the ranks in one flat bucket, weighted by shard size, so
/// that every rank takes the step one process would take on the whole batch (for losses that are means over the batch).
/// Batch norm statistics stay local to each rank.
/// </summary>
internal sealed class DataParallel : IGradientSynchronizer, IShardReduction
{
    private readonly MpiWorld _world;
    private float[] _bucket = [];
    private float _weight = 1f;

    public DataParallel(MpiWorld world)
    {
        _world = world;
    }

    public MpiWorld World => _world;

    /// <summary>Copies rank 0's parameters, buffers and optimizer state to every rank.</summary>
    public void BroadcastState(TrainableModel model)
    {
        foreach (var (_, module) in model.Modules)
            foreach (var (_, tensor) in module.StateDict())
                _world.Broadcast(tensor.Data);
        foreach (var (_, optimizer) in model.Optimizers)
        {
            var state = optimizer.StateDict();
            if (state.Tensors.Count == 0) continue;
            foreach (var key in state.Tensors.Keys.Order(StringComparer.Ordinal)) _world.Broadcast(state.Tensors[key].Data);
            optimizer.LoadStateDict(state);
        }
    }

    /// <summary>Starts averaging the gradients of every optimizer of <paramref name="model"/> at its steps.</summary>
    public void Attach(TrainableModel model)
    {
        foreach (var (_, optimizer) in model.Optimizers) optimizer.GradientSynchronizer = this;
    }

    /// <summary>
    /// Standardizes every batch-norm layer of <paramref name="model"/> with the statistics of the global batch
    /// (synchronised batch norm) instead of its shard's.
    /// </summary>
    public void SynchronizeBatchNorm(TrainableModel model)
    {
        foreach (var norm in BatchNorms(model)) norm.ShardReduction = this;
    }

    /// <summary>Stops averaging: the optimizers step on local gradients again, batch norm is local, the model sees whole batches.</summary>
    public void Detach(TrainableModel model)
    {
        foreach (var (_, optimizer) in model.Optimizers)
            if (ReferenceEquals(optimizer.GradientSynchronizer, this)) optimizer.GradientSynchronizer = null;
        foreach (var norm in BatchNorms(model))
            if (ReferenceEquals(norm.ShardReduction, this)) norm.ShardReduction = null;
        model.Shard = null;
    }

    private static IEnumerable<BatchNormBase> BatchNorms(TrainableModel model)
        => model.Modules.Values.SelectMany(m => m.Modules()).OfType<BatchNormBase>().Distinct();

    /// <inheritdoc />
    /// <remarks>
    /// Rank r's loss enters the averaged gradient with weight w_r (its share of the batch), so the gradient of the sum,
    /// seen from rank r, is Σ_s w_s·g_s / w_r: the same reduction applied to w_r·g_r, then divided by w_r.
    /// </remarks>
    public Tensor SumOverShards(Tensor partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        var sum = new Tensor(partial.Data, partial.Shape);
        _world.AllreduceSum(sum.Data);
        float weight = _weight;
        return Tensor.Record(sum, "SumOverShards", partial, g => SumOverShards(g * weight) * (1f / weight));
    }

    /// <summary>
    /// This rank's rows of the global <paramref name="batch"/>: rank r of n takes rows [B·r/n, B·(r+1)/n). Sets the
    /// weight of this rank's gradients (its share of the batch) for the steps that follow, and tells
    /// <paramref name="model"/> which rows it holds (<see cref="TrainableModel.Shard"/>), so that its per-example noise
    /// is its rows of the noise for the whole batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch has fewer examples than there are ranks.</exception>
    public Batch Shard(Batch batch, TrainableModel model)
    {
        int b = batch.Size, r = _world.Rank, n = _world.Size;
        if (b < n) throw new InvalidOperationException($"a batch of {b} examples cannot be shared by {n} ranks; use a larger --batch-size or fewer ranks.");
        int start = (int)((long)b * r / n), end = (int)((long)b * (r + 1) / n);
        var shard = new BatchShard(start, end - start, b);
        _weight = shard.Share;
        model.Shard = shard;
        return new Batch(batch.Inputs.Narrow(0, start, end - start),
            batch.Labels?[start..end],
            batch.Targets?.Narrow(0, start, end - start),
            batch.Indices[start..end]);
    }

    /// <inheritdoc />
    public void Synchronize(IReadOnlyList<Tensor> gradients)
    {
        int total = 0;
        foreach (var g in gradients) total += g.Size;
        if (_bucket.Length < total) _bucket = new float[total];
        var bucket = _bucket.AsSpan(0, total);
        int offset = 0;
        foreach (var g in gradients)
        {
            var target = bucket.Slice(offset, g.Size);
            g.Data.CopyTo(target);
            if (_weight != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(target, _weight, target);
            offset += g.Size;
        }
        _world.AllreduceSum(bucket);
        offset = 0;
        foreach (var g in gradients)
        {
            bucket.Slice(offset, g.Size).CopyTo(g.Data);
            offset += g.Size;
        }
    }

    /// <summary>
    /// The step's metrics averaged over the ranks (weighted by shard size, in the order of <paramref name="metrics"/>,
    /// which every rank computes alike), and whether any rank was asked to stop.
    /// </summary>
    public IReadOnlyDictionary<string, double> Reduce(IReadOnlyDictionary<string, double> metrics, bool stop, out bool anyStop)
    {
        var values = new float[metrics.Count + 1];
        int i = 0;
        foreach (var (_, v) in metrics) values[i++] = (float)(v * _weight);
        values[i] = stop ? 1f : 0f;
        _world.AllreduceSum(values);
        anyStop = values[i] > 0f;
        var reduced = new Dictionary<string, double>(metrics.Count, StringComparer.Ordinal);
        i = 0;
        foreach (var (k, _) in metrics) reduced[k] = values[i++];
        return reduced;
    }

    /// <summary>
    /// Checks that every rank holds the same parameters (a SHA-256 of all of them, compared with rank 0's).
    /// </summary>
    /// <exception cref="InvalidOperationException">Some rank's parameters differ: the ranks have drifted apart.</exception>
    public void CheckInSync(TrainableModel model, long step)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, module) in model.Modules)
            foreach (var p in module.Parameters())
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.Data));
        var mine = hash.GetHashAndReset();
        var root = (byte[])mine.Clone();
        _world.Broadcast(root);
        var differs = new[] { mine.AsSpan().SequenceEqual(root) ? 0f : 1f };
        _world.AllreduceSum(differs);
        if (differs[0] > 0f)
            throw new InvalidOperationException($"at step {step}, {differs[0]:F0} of {_world.Size} ranks hold parameters that differ from rank 0's: the ranks drifted apart, so the run stops.");
    }
}
