using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A k-th order Markov chain over integer states 0 … S − 1: p(q₁ … q_T) = Πₜ p(qₜ | qₜ₋ₖ … qₜ₋₁), the sequence padded by
/// k start marks in front so that the first states have a context too, and — for sequences of varying length, such as
/// words — closed by an end mark, so that the probabilities of all finite sequences sum to 1. Fitted by counting with
/// additive smoothing, p(s | h) = (n(h, s) + α)/(n(h) + α·V) over the V symbols (S states, plus the end when it is
/// modelled). A context never seen in training backs off to its longest seen suffix, so every context has one proper
/// distribution. With k = 1 and no end mark it is the first-order <see cref="MarkovChain"/> fitted by counting, with π the
/// distribution after the start mark.
/// </summary>
/// <example>
/// <code>
/// var chain = SequenceChain.Fit(sequences, states: 3, order: 2, smoothing: 0.1, endMark: false);
/// double logp = chain.LogProbability([0, 0, 2, 1]);
/// int[] draw = chain.Sample(new Generator(1), length: 30);
/// </code>
/// </example>
public sealed class SequenceChain
{
    private const char StartKey = '\u0001';
    private readonly Dictionary<string, Dictionary<int, int>> _counts;
    private readonly Dictionary<string, int> _totals;

    private SequenceChain(int states, int order, double smoothing, bool endMark, Dictionary<string, Dictionary<int, int>> counts)
    {
        StateCount = states;
        Order = order;
        Smoothing = smoothing;
        EndMark = endMark;
        _counts = counts;
        _totals = counts.ToDictionary(kv => kv.Key, kv => kv.Value.Values.Sum(), StringComparer.Ordinal);
    }

    /// <summary>S, the number of states.</summary>
    public int StateCount { get; }

    /// <summary>k, the number of preceding states each one depends on.</summary>
    public int Order { get; }

    /// <summary>α, added to every count.</summary>
    public double Smoothing { get; }

    /// <summary>Whether sequences end with a modelled end mark (varying lengths) or have a given length.</summary>
    public bool EndMark { get; }

    /// <summary>V: the states, plus the end mark when it is modelled.</summary>
    public int SymbolCount => StateCount + (EndMark ? 1 : 0);

    /// <summary>The symbol that stands for the end mark in <see cref="Probability"/>: S.</summary>
    public int End => StateCount;

    /// <summary>The number of distinct full-length contexts (k states, start marks included) seen in training.</summary>
    public int ContextCount => _counts.Keys.Count(h => h.Length == Order);

    /// <summary>Counts the (k + 1)-grams of <paramref name="sequences"/> and of every shorter context, for the back-off.</summary>
    /// <exception cref="ArgumentException">No sequences, an empty one, a state outside [0, S), a negative order or smoothing.</exception>
    public static SequenceChain Fit(IEnumerable<int[]> sequences, int states, int order, double smoothing, bool endMark)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(states);
        if (order < 0) throw new ArgumentException($"Markov chain: the order must not be negative, got {order}.", nameof(order));
        if (!(smoothing >= 0) || double.IsInfinity(smoothing)) throw new ArgumentException($"Markov chain: smoothing must not be negative, got {smoothing}.", nameof(smoothing));
        var counts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        int n = 0;
        foreach (var sequence in sequences)
        {
            if (sequence is not { Length: > 0 }) throw new ArgumentException("Markov chain: an empty sequence.", nameof(sequences));
            foreach (int q in sequence)
                if (q < 0 || q >= states) throw new ArgumentException($"Markov chain: state {q} outside [0, {states}).", nameof(sequences));
            string padded = new string(StartKey, order) + Key(sequence);
            int steps = sequence.Length + (endMark ? 1 : 0);
            for (int t = 0; t < steps; t++)
            {
                int next = t < sequence.Length ? sequence[t] : states;
                for (int length = 0; length <= order; length++)
                {
                    var context = padded.Substring(order + t - length, length);
                    if (!counts.TryGetValue(context, out var row)) counts[context] = row = [];
                    row[next] = row.GetValueOrDefault(next) + 1;
                }
            }
            n++;
        }
        if (n == 0) throw new ArgumentException("Markov chain: no sequences.", nameof(sequences));
        return new SequenceChain(states, order, smoothing, endMark, counts);
    }

    /// <summary>
    /// p(s | context) for the last k states of <paramref name="context"/> (start marks fill a short one); s = <see cref="End"/>
    /// is the end mark. A state outside [0, V) gets only the smoothing share of a symbol never seen.
    /// </summary>
    public double Probability(ReadOnlySpan<int> context, int next)
    {
        string padded = new string(StartKey, Order) + Key(context);
        for (int length = Order; length >= 0; length--)
        {
            string h = padded[^length..];
            if (!_counts.TryGetValue(h, out var row)) continue;
            return (row.GetValueOrDefault(next) + Smoothing) / (_totals[h] + Smoothing * SymbolCount);
        }
        return 1.0 / SymbolCount; // unreachable after a fit: the empty context is always seen
    }

    /// <summary>log p(sequence) in nats (with the end mark when it is modelled); −∞ when a step has probability zero.</summary>
    public double LogProbability(ReadOnlySpan<int> sequence)
    {
        double lp = 0;
        for (int t = 0; t < sequence.Length; t++) lp += Math.Log(Probability(sequence[..t], sequence[t]));
        if (EndMark) lp += Math.Log(Probability(sequence, End));
        return lp;
    }

    /// <summary>
    /// A sequence drawn state by state: <paramref name="length"/> states, or — with an end mark — until it is drawn
    /// (at most <paramref name="length"/> states).
    /// </summary>
    public int[] Sample(Generator gen, int length)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var sequence = new List<int>();
        var p = new double[SymbolCount];
        while (sequence.Count < length)
        {
            var context = sequence.ToArray();
            for (int s = 0; s < p.Length; s++) p[s] = Probability(context, s);
            double sum = p.Sum();
            for (int s = 0; s < p.Length; s++) p[s] /= sum;
            int next = GaussianMixture.Categorical(p, gen.NextDouble());
            if (next == End) break;
            sequence.Add(next);
        }
        return [.. sequence];
    }

    /// <summary>
    /// The counts as flat arrays, for a checkpoint: every context (its length, then its states, start marks as −1), and
    /// per context its next symbols and their counts (a row length, then pairs).
    /// </summary>
    public (int[] Contexts, int[] Rows) ToCounts()
    {
        var contexts = new List<int>();
        var rows = new List<int>();
        foreach (var (key, row) in _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            contexts.Add(key.Length);
            contexts.AddRange(key.Select(c => c == StartKey ? -1 : c - 2));
            rows.Add(row.Count);
            foreach (var (next, count) in row.OrderBy(kv => kv.Key))
            {
                rows.Add(next);
                rows.Add(count);
            }
        }
        return ([.. contexts], [.. rows]);
    }

    /// <summary>The chain whose counts <see cref="ToCounts"/> wrote.</summary>
    /// <exception cref="ArgumentException">The arrays are truncated or do not hold the counts of a chain.</exception>
    public static SequenceChain FromCounts(int states, int order, double smoothing, bool endMark, int[] contexts, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(rows);
        var counts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        int c = 0, r = 0;
        try
        {
            while (c < contexts.Length)
            {
                int length = contexts[c++];
                var key = new string(contexts.AsSpan(c, length).ToArray().Select(q => q < 0 ? StartKey : (char)(q + 2)).ToArray());
                c += length;
                var row = new Dictionary<int, int>();
                int entries = rows[r++];
                for (int e = 0; e < entries; e++, r += 2) row[rows[r]] = rows[r + 1];
                counts[key] = row;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new ArgumentException("Markov chain: the saved counts are truncated.", nameof(rows), e);
        }
        if (r != rows.Length || !counts.ContainsKey("")) throw new ArgumentException("Markov chain: the saved counts do not belong to a fitted chain.", nameof(rows));
        return new SequenceChain(states, order, smoothing, endMark, counts);
    }

    // One character per state (start marks are '\u0001', states outside the chain share the last character), so contexts are short ordinal string keys.
    private static string Key(ReadOnlySpan<int> states)
    {
        var chars = new char[states.Length];
        for (int i = 0; i < states.Length; i++) chars[i] = states[i] is >= 0 and < char.MaxValue - 2 ? (char)(states[i] + 2) : char.MaxValue;
        return new string(chars);
    }
}
