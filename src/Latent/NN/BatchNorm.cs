using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Batch normalization (Ioffe &amp; Szegedy, 2015) over every axis but the channel axis 1. In training it standardizes
/// with the batch statistics (biased variance) and updates running estimates (unbiased variance); in evaluation it
/// uses the running estimates. Training runs the fused <see cref="Tensor.BatchNorm"/> op, whose gradient is exact and
/// twice differentiable.
/// </summary>
public abstract class BatchNormBase : NormalizationLayer
{
    private readonly int[] _ranks;

    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">Number of channels C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="momentum">Weight of the new batch in the running averages; null uses the cumulative average 1/t.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    /// <param name="trackRunningStats">Whether to keep running_mean, running_var and num_batches_tracked buffers; without them evaluation also uses batch statistics.</param>
    /// <param name="ranks">The input ranks the concrete layer accepts.</param>
    private protected BatchNormBase(int numFeatures, float eps, float? momentum, bool affine, bool trackRunningStats, int[] ranks)
        : base([CheckFeatures(numFeatures)], eps, affine)
    {
        if (momentum is float m && !(m >= 0 && m <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), $"{GetType().Name}: momentum must be in [0, 1], got {m}.");
        NumFeatures = numFeatures;
        Momentum = momentum;
        TrackRunningStats = trackRunningStats;
        _ranks = ranks;
        if (trackRunningStats)
        {
            RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            RegisterBuffer("num_batches_tracked", Tensor.Zeros(1));
        }
    }

    /// <summary>Number of channels.</summary>
    public int NumFeatures { get; }

    /// <summary>Weight of the new batch in the running averages, or null for the cumulative average.</summary>
    public float? Momentum { get; }

    /// <summary>Whether running statistics are kept.</summary>
    public bool TrackRunningStats { get; }

    /// <summary>The running mean [C].</summary>
    /// <exception cref="InvalidOperationException">Running statistics are not tracked.</exception>
    public Tensor RunningMean => TrackRunningStats ? Get("running_mean") : throw NoStats();

    /// <summary>The running unbiased variance [C].</summary>
    /// <exception cref="InvalidOperationException">Running statistics are not tracked.</exception>
    public Tensor RunningVar => TrackRunningStats ? Get("running_var") : throw NoStats();

    /// <summary>How many training batches have updated the running statistics.</summary>
    public long NumBatchesTracked => TrackRunningStats ? (long)Get("num_batches_tracked").Data[0] : 0;

    /// <summary>
    /// When set, training batches are standardized with the statistics of the whole global batch, summed over every
    /// process that holds a shard of it (synchronised batch norm); null (the default) uses this process's batch alone.
    /// </summary>
    public IShardReduction? ShardReduction { get; set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input shape is not accepted, or a training batch has one value per channel.</exception>
    public override Tensor Forward(Tensor x)
    {
        CheckChannels(x, NumFeatures, _ranks);
        if (IsTraining || !TrackRunningStats)
        {
            int count = x.Size / NumFeatures;
            if (IsTraining && count < 2)
                throw new ArgumentException($"{GetType().Name}: training needs more than one value per channel, got input {ShapeUtil.Format(x.Shape)}.", nameof(x));
            var y = ShardReduction is { } sync && IsTraining
                ? Functional.ChannelAffine(SynchronizedBatchStatistics.Standardize(x, sync, Eps, out var mean, out var variance, out count), Weight, Bias)
                : x.BatchNorm(Weight, Bias, Eps, out mean, out variance);
            if (IsTraining && TrackRunningStats) UpdateRunningStats(mean, variance, count);
            return y;
        }
        var runningMean = Functional.PerChannel(RunningMean, x.Rank);
        var runningVar = Functional.PerChannel(RunningVar, x.Rank);
        return Functional.ChannelAffine(Functional.Standardize(x, runningMean, runningVar, Eps), Weight, Bias);
    }

    /// <summary>
    /// <c>Forward(x)</c> followed by a leaky ReLU of <paramref name="negativeSlope"/> (ReLU for 0), as one fused op
    /// (<see cref="Tensor.BatchNormRectified"/>) where the batch's own statistics are used; the same values either way.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward"/>.</exception>
    public Tensor ForwardRectified(Tensor x, float negativeSlope)
    {
        if (!(IsTraining || !TrackRunningStats) || ShardReduction is not null)
            return negativeSlope == 0 ? Forward(x).Relu() : Forward(x).LeakyRelu(negativeSlope);
        CheckChannels(x, NumFeatures, _ranks);
        int count = x.Size / NumFeatures;
        if (IsTraining && count < 2)
            throw new ArgumentException($"{GetType().Name}: training needs more than one value per channel, got input {ShapeUtil.Format(x.Shape)}.", nameof(x));
        var y = x.BatchNormRectified(Weight, Bias, Eps, negativeSlope, out var mean, out var variance);
        if (IsTraining && TrackRunningStats) UpdateRunningStats(mean, variance, count);
        return y;
    }

    private void UpdateRunningStats(Tensor mean, Tensor variance, int count)
    {
        var tracked = Get("num_batches_tracked").Data;
        tracked[0] += 1;
        float m = Momentum ?? 1f / tracked[0];
        float unbias = count / (count - 1f);
        var rm = RunningMean.Data;
        var rv = RunningVar.Data;
        var bm = mean.Data;
        var bv = variance.Data;
        for (int c = 0; c < NumFeatures; c++)
        {
            rm[c] = (1 - m) * rm[c] + m * bm[c];
            rv[c] = (1 - m) * rv[c] + m * bv[c] * unbias;
        }
    }

    private InvalidOperationException NoStats()
        => new($"{GetType().Name}: running statistics are not tracked (created with trackRunningStats: false).");

    private static int CheckFeatures(int numFeatures)
        => numFeatures > 0 ? numFeatures : throw new ArgumentOutOfRangeException(nameof(numFeatures), $"BatchNorm: numFeatures must be positive, got {numFeatures}.");

    /// <inheritdoc />
    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={Eps}, momentum={(Momentum?.ToString() ?? "cumulative")}, affine={Affine}, trackRunningStats={TrackRunningStats}";
}

/// <summary>Batch normalization of [N, C] or [N, C, L] inputs.</summary>
/// <inheritdoc cref="BatchNormBase(int, float, float?, bool, bool, int[])" path="/param"/>
public sealed class BatchNorm1d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats, [2, 3]);

/// <summary>Batch normalization of [N, C, H, W] inputs.</summary>
/// <inheritdoc cref="BatchNormBase(int, float, float?, bool, bool, int[])" path="/param"/>
public sealed class BatchNorm2d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats, [4]);
