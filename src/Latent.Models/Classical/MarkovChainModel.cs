using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>
/// A k-th order <see cref="SequenceChain"/> as a trainable model, fitted in closed form by counting: one epoch
/// collects the training sequences batch by batch and re-counts everything seen after every batch, so the chain after
/// the epoch's last batch is the fit to the whole training set. Sequences are rows [N, L] of states padded with −1.
/// Words are modelled with an end mark, integer sequences (given length) without.
/// </summary>
public sealed class MarkovChainModel : TrainableModel, ISequenceSampler, ILikelihoodModel
{
    private readonly int _examplesPerEpoch;
    private readonly List<int[]> _seenSequences = [];

    /// <summary>Creates an unfitted chain.</summary>
    /// <param name="states">S.</param>
    /// <param name="order">k.</param>
    /// <param name="smoothing">α.</param>
    /// <param name="alphabet">The character of each state for words (an end mark is modelled), or null for integer sequences.</param>
    /// <param name="length">The length of sampled sequences (for words: their longest).</param>
    /// <param name="examplesPerEpoch">The number of training sequences.</param>
    /// <param name="rng">The model's stream (unused by the count fit; kept for the trainer).</param>
    public MarkovChainModel(int states, int order, double smoothing, string? alphabet, int length, int examplesPerEpoch, Generator rng)
        : base(rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(states);
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfNegative(smoothing);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerEpoch);
        if (alphabet != null && alphabet.Length != states) throw new ArgumentException($"Markov chain: an alphabet of {alphabet.Length} characters for {states} states.", nameof(alphabet));
        States = states;
        Order = order;
        Smoothing = smoothing;
        Alphabet = alphabet;
        Length = length;
        _examplesPerEpoch = examplesPerEpoch;
    }

    /// <summary>The number of states S.</summary>
    public int States { get; }

    /// <summary>The order k: how many previous states each transition conditions on.</summary>
    public int Order { get; }

    /// <summary>The pseudo-count α added to every transition count.</summary>
    public double Smoothing { get; }

    /// <summary>The characters of the states (words), or null (integer sequences).</summary>
    public string? Alphabet { get; }

    /// <summary>The length of sampled sequences.</summary>
    public int Length { get; }

    /// <summary>The fitted chain, or null before the first batch.</summary>
    public SequenceChain? Chain { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: the fit is closed-form.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => [Length];

    /// <summary>The sequence likelihood is exact.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>
    /// Adds the batch to the sequences of this epoch and re-counts them. "loss" is −log p(x) per sequence of the batch
    /// under the new chain (nats), "bits_per_symbol" the same per state (and end mark) in bits.
    /// </summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sequences = MarkovSequences.FromRows(batch.Inputs);
        _seenSequences.AddRange(sequences);
        Chain = SequenceChain.Fit(_seenSequences, States, Order, Smoothing, endMark: Alphabet != null);
        if (_seenSequences.Count >= _examplesPerEpoch) _seenSequences.Clear(); // the epoch's fit is complete
        var (nll, bits) = Score(Chain, sequences);
        return new Dictionary<string, double> { ["loss"] = nll, ["bits_per_symbol"] = bits };
    }

    /// <summary>"nll": −log p(x) per held-out sequence (nats), and "bits_per_symbol".</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Chain == null) return new Dictionary<string, double>();
        var sequences = data.SelectMany(b => MarkovSequences.FromRows(b.Inputs)).ToArray();
        var (nll, bits) = Score(Chain, sequences);
        return new Dictionary<string, double> { ["nll"] = nll, ["bits_per_symbol"] = bits };
    }

    private static (double Nll, double Bits) Score(SequenceChain chain, IReadOnlyList<int[]> sequences)
    {
        double sum = sequences.Sum(s => chain.LogProbability(s));
        double symbols = sequences.Sum(s => s.Length + (chain.EndMark ? 1 : 0));
        return (-sum / sequences.Count, -sum / symbols / Math.Log(2));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The chain is not fitted yet.</exception>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var chain = Chain ?? throw new InvalidOperationException("Markov chain: not fitted yet.");
        var sequences = MarkovSequences.FromRows(x);
        var result = Tensor.Zeros(sequences.Length);
        for (int i = 0; i < sequences.Length; i++) result.Data[i] = (float)chain.LogProbability(sequences[i]);
        return result;
    }

    /// <summary>Sequences [count, L] padded with −1 (words end early at their end mark).</summary>
    /// <exception cref="InvalidOperationException">The chain is not fitted yet.</exception>
    public Tensor Sample(int count, Generator gen)
    {
        var chain = Chain ?? throw new InvalidOperationException("Markov chain: not fitted yet.");
        ArgumentNullException.ThrowIfNull(gen);
        return MarkovSequences.ToRows(Enumerable.Range(0, count).Select(_ => chain.Sample(gen, Length)).ToArray(), Length);
    }

    /// <summary>The text of a sampled sequence: its characters for words, else its states separated by spaces.</summary>
    public string Describe(IReadOnlyList<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Alphabet is string a ? new string(sequence.Select(s => s < a.Length ? a[s] : '?').ToArray()) : string.Join(" ", sequence);
    }

    /// <summary>Text: one sequence per line.</summary>
    public string SequenceFileExtension => ".txt";

    /// <summary>Writes the sequences of <paramref name="samples"/> [N, L] (padded with −1) one per line (<see cref="Describe"/>).</summary>
    public void WriteSequences(Tensor samples, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var lines = MarkovSequences.FromRows(samples).Select(s => Describe(s));
        Latent.IO.AtomicFile.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    /// <summary><c>{prefix}-samples.txt</c>: 40 sampled sequences, one per line.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Chain == null) return;
        var gen = new Generator(7);
        var lines = Enumerable.Range(0, 40).Select(_ => Describe(Chain.Sample(gen, Length)));
        Latent.IO.AtomicFile.WriteAllText(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "samples"), ".txt"), string.Join("\n", lines) + "\n");
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        state["markov_fitted"] = Chain != null;
        if (Chain != null)
        {
            var (contexts, rows) = Chain.ToCounts();
            ExactState.Put(tensors, "markov_contexts", contexts.Select(v => (double)v).ToArray());
            ExactState.Put(tensors, "markov_rows", rows.Select(v => (double)v).ToArray());
        }
        ExactState.Put(tensors, "markov_seen_sequences", _seenSequences.SelectMany(s => s.Prepend(s.Length)).Select(v => (double)v).ToArray());
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        Chain = null;
        if (state["markov_fitted"]?.GetValue<bool>() == true)
            Chain = SequenceChain.FromCounts(States, Order, Smoothing, Alphabet != null,
                ExactState.Get(tensors, "markov_contexts").Select(v => (int)v).ToArray(), ExactState.Get(tensors, "markov_rows").Select(v => (int)v).ToArray());
        _seenSequences.Clear();
        var flat = ExactState.Get(tensors, "markov_seen_sequences");
        for (int i = 0; i < flat.Length; i += (int)flat[i] + 1) _seenSequences.Add(flat.AsSpan(i + 1, (int)flat[i]).ToArray().Select(v => (int)v).ToArray());
    }
}
