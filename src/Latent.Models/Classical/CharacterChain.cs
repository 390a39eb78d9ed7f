using System.Text;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A k-th order Markov chain over the characters of words: p(w) = Πₜ p(cₜ | cₜ₋ₖ … cₜ₋₁) with the word padded by k
/// start marks in front and closed by an end mark, so that the probabilities of all finite words sum to 1. Fitted by
/// counting with additive smoothing, p(c | h) = (n(h, c) + α)/(n(h) + α·V) over the V symbols (alphabet + end), which
/// gives unseen characters a share of the mass. A context never seen in training backs off to its longest seen suffix
/// (the k − 1 last characters, then k − 2, …), so each context still has one proper distribution; generates new words.
/// </summary>
/// <example>
/// <code>
/// var chain = CharacterChain.Fit(words, order: 3, smoothing: 0.1);
/// double bitsPerChar = -chain.LogProbability("latent") / Math.Log(2) / 7;   // 6 letters + the end
/// string word = chain.Sample(new Generator(1));
/// </code>
/// </example>
public sealed class CharacterChain
{
    private const char Start = '\u0002', End = '\u0003';
    private readonly Dictionary<string, Dictionary<char, int>> _counts;
    private readonly Dictionary<string, int> _totals;
    private readonly char[] _symbols;

    private CharacterChain(int order, double smoothing, char[] symbols, Dictionary<string, Dictionary<char, int>> counts)
    {
        Order = order;
        Smoothing = smoothing;
        _symbols = symbols;
        _counts = counts;
        _totals = counts.ToDictionary(kv => kv.Key, kv => kv.Value.Values.Sum());
    }

    /// <summary>k, the number of preceding characters each one depends on.</summary>
    public int Order { get; }

    /// <summary>α, added to every count.</summary>
    public double Smoothing { get; }

    /// <summary>The alphabet seen in training, in ordinal order (the end mark not included).</summary>
    public string Alphabet => new(_symbols[..^1]);

    /// <summary>V: the alphabet plus the end mark.</summary>
    public int SymbolCount => _symbols.Length;

    /// <summary>The number of distinct contexts of length k seen.</summary>
    public int ContextCount => _counts.Keys.Count(h => h.Length == Order);

    /// <summary>Counts the k-grams of <paramref name="words"/>.</summary>
    /// <exception cref="ArgumentException">No words, an empty word, a negative order or smoothing, or a word holding a control mark.</exception>
    public static CharacterChain Fit(IEnumerable<string> words, int order, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (order < 0) throw new ArgumentException($"Character chain: the order must not be negative, got {order}.", nameof(order));
        if (!(smoothing >= 0)) throw new ArgumentException($"Character chain: smoothing must not be negative, got {smoothing}.", nameof(smoothing));
        var counts = new Dictionary<string, Dictionary<char, int>>(StringComparer.Ordinal);
        var alphabet = new SortedSet<char>();
        int n = 0;
        foreach (var word in words)
        {
            if (string.IsNullOrEmpty(word)) throw new ArgumentException("Character chain: an empty word.", nameof(words));
            if (word.Contains(Start) || word.Contains(End)) throw new ArgumentException($"Character chain: the word '{word}' holds a control mark.", nameof(words));
            var padded = new string(Start, order) + word + End;
            for (int t = order; t < padded.Length; t++)
            {
                // The counts of every suffix of the context, for the back-off of unseen contexts.
                for (int length = 0; length <= order; length++)
                {
                    var context = padded.Substring(t - length, length);
                    if (!counts.TryGetValue(context, out var next)) counts[context] = next = [];
                    next[padded[t]] = next.GetValueOrDefault(padded[t]) + 1;
                }
                if (padded[t] != End) alphabet.Add(padded[t]);
            }
            n++;
        }
        if (n == 0) throw new ArgumentException("Character chain: no words.", nameof(words));
        return new CharacterChain(order, smoothing, [.. alphabet, End], counts);
    }

    /// <summary>p(c | context) for the last k characters of <paramref name="context"/> (start marks fill a short context); c = null is the end of the word.</summary>
    public double Probability(string context, char? next)
    {
        ArgumentNullException.ThrowIfNull(context);
        string padded = new string(Start, Order) + context;
        char c = next ?? End;
        for (int length = Order; length >= 0; length--)
        {
            if (!_counts.TryGetValue(padded[^length..], out var row)) continue;
            // A character outside the alphabet gets only the smoothing share of an unseen symbol.
            double denominator = _totals[padded[^length..]] + Smoothing * SymbolCount;
            return (row.GetValueOrDefault(c) + Smoothing) / denominator;
        }
        return 1.0 / SymbolCount; // unreachable: the empty context is always seen
    }

    /// <summary>log p(word) in nats, the end mark included; −∞ when a step has probability zero (no smoothing).</summary>
    public double LogProbability(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        double lp = 0;
        for (int t = 0; t <= word.Length; t++) lp += Math.Log(Probability(word[..t], t < word.Length ? word[t] : null));
        return lp;
    }

    /// <summary>A new word drawn character by character until the end mark (at most <paramref name="maxLength"/> characters).</summary>
    public string Sample(Generator gen, int maxLength = 40)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var word = new StringBuilder();
        var p = new double[SymbolCount];
        while (word.Length < maxLength)
        {
            string context = word.ToString();
            for (int i = 0; i < p.Length; i++) p[i] = Probability(context, _symbols[i] == End ? null : _symbols[i]);
            double sum = p.Sum();
            for (int i = 0; i < p.Length; i++) p[i] /= sum;
            char c = _symbols[GaussianMixture.Categorical(p, gen.NextDouble())];
            if (c == End) break;
            word.Append(c);
        }
        return word.ToString();
    }

    /// <summary>The words of a word list (one per line, as Debian's <c>wamerican</c> writes <c>/usr/share/dict/words</c>), blank lines skipped.</summary>
    /// <exception cref="FileNotFoundException">The file is missing (apt-get install wamerican).</exception>
    public static string[] ReadWords(string path = "/usr/share/dict/words")
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Word list '{path}' not found (apt-get install wamerican).", path);
        return File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }
}
