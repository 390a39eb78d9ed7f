using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Classical.Fitting;

/// <summary>
/// Where an EM fit streamed over batches stands when one epoch is one iteration: the E-step statistics of the epoch
/// under way (gathered batch by batch), how many examples they hold, and the mean training log-likelihood before each
/// completed M-step (EM never lowers it). The models keep their own statistics type and M-step.
/// </summary>
/// <typeparam name="TStatistics">The model's sufficient statistics of one epoch.</typeparam>
/// <param name="examplesPerEpoch">The number of training examples: an M-step follows each of these many.</param>
internal sealed class EmEpochs<TStatistics>(int examplesPerEpoch) where TStatistics : class
{
    private readonly List<double> _history = [];

    /// <summary>The number of training examples of an epoch.</summary>
    public int ExamplesPerEpoch { get; } = examplesPerEpoch > 0 ? examplesPerEpoch
        : throw new ArgumentOutOfRangeException(nameof(examplesPerEpoch), examplesPerEpoch, "an epoch needs at least one example.");

    /// <summary>Examples added to this epoch's statistics so far.</summary>
    public int Seen { get; private set; }

    /// <summary>The statistics of the epoch under way, or null between epochs.</summary>
    public TStatistics? Statistics { get; set; }

    /// <summary>The mean training log-likelihood before each completed M-step.</summary>
    public IReadOnlyList<double> History => _history;

    /// <summary>The epoch's statistics, made by <paramref name="create"/> on its first batch.</summary>
    public TStatistics Open(Func<TStatistics> create) => Statistics ??= create();

    /// <summary>Counts a batch of <paramref name="examples"/>; true when the epoch is complete and its M-step is due.</summary>
    public bool Count(int examples)
    {
        Seen += examples;
        return Seen >= ExamplesPerEpoch;
    }

    /// <summary>Ends the epoch after its M-step: records <paramref name="meanLogLikelihood"/> and drops the statistics.</summary>
    public void Complete(double meanLogLikelihood)
    {
        _history.Add(meanLogLikelihood);
        Statistics = null;
        Seen = 0;
    }

    /// <summary>Forgets the fit's progress (a restart).</summary>
    public void Reset()
    {
        _history.Clear();
        Statistics = null;
        Seen = 0;
    }

    /// <summary>Saves the progress under <paramref name="prefix"/>: examples seen, whether statistics exist, the history.</summary>
    public void Save(IDictionary<string, Tensor> tensors, JsonObject state, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        state[prefix + "_seen"] = Seen;
        state[prefix + "_statistics"] = Statistics != null;
        ExactState.Put(tensors, prefix + "_history", _history.ToArray());
    }

    /// <summary>Restores what <see cref="Save"/> wrote (statistics dropped); returns whether the epoch's statistics were saved too.</summary>
    public bool Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        Seen = state[prefix + "_seen"]?.GetValue<int>() ?? 0;
        _history.Clear();
        _history.AddRange(ExactState.Get(tensors, prefix + "_history"));
        Statistics = null;
        return state[prefix + "_statistics"]?.GetValue<bool>() == true;
    }
}
