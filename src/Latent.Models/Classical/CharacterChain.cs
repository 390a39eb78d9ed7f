using System.Text;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A k-th order Markov chain over the characters of words: p(w) = Πₜ p(cₜ | cₜ₋ₖ … cₜ₋₁) with the word padded by k
/// start marks in front and closed by an end mark, so that the probabilities of all finite words sum to 1 — a
/// <see cref="SequenceChain"/> over the alphabet seen in training. Fitted by counting with additive smoothing,
/// p(c | h) = (n(h, c) + α)/(n(h) + α·V) over the V symbols (alphabet + end), which gives unseen characters a share of
/// the mass. A context never seen in training backs off to its longest seen suffix (the k − 1 last characters, then
/// k − 2, …), so each context still has one proper distribution; generates new words.
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
    private readonly char[] _alphabet;
    private readonly Dictionary<char, int> _states;

    private CharacterChain(char[] alphabet, SequenceChain chain)
    {
        _alphabet = alphabet;
        _states = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        Chain = chain;
    }

    /// <summary>The chain over the alphabet's indices (state i is <see cref="Alphabet"/>[i]).</summary>
    public SequenceChain Chain { get; }

    /// <summary>k, the number of preceding characters each one depends on.</summary>
    public int Order => Chain.Order;

    /// <summary>α, added to every count.</summary>
    public double Smoothing => Chain.Smoothing;

    /// <summary>The alphabet seen in training, in ordinal order (the end mark not included).</summary>
    public string Alphabet => new(_alphabet);

    /// <summary>V: the alphabet plus the end mark.</summary>
    public int SymbolCount => Chain.SymbolCount;

    /// <summary>The number of distinct contexts of length k seen.</summary>
    public int ContextCount => Chain.ContextCount;

    /// <summary>Counts the k-grams of <paramref name="words"/>.</summary>
    /// <exception cref="ArgumentException">No words, an empty word, or a negative order or smoothing.</exception>
    public static CharacterChain Fit(IEnumerable<string> words, int order, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = words as IReadOnlyList<string> ?? words.ToArray();
        if (list.Any(string.IsNullOrEmpty)) throw new ArgumentException("Character chain: an empty word.", nameof(words));
        char[] alphabet = [.. list.SelectMany(w => w).Distinct().Order()];
        var states = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var chain = SequenceChain.Fit(list.Select(w => w.Select(c => states[c]).ToArray()), Math.Max(1, alphabet.Length), order, smoothing, endMark: true);
        return new CharacterChain(alphabet, chain);
    }

    /// <summary>p(c | context) for the last k characters of <paramref name="context"/> (start marks fill a short context); c = null is the end of the word.</summary>
    public double Probability(string context, char? next)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Chain.Probability(Encode(context), next is char c ? StateOf(c) : Chain.End);
    }

    /// <summary>log p(word) in nats, the end mark included; −∞ when a step has probability zero (no smoothing).</summary>
    public double LogProbability(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Chain.LogProbability(Encode(word));
    }

    /// <summary>A new word drawn character by character until the end mark (at most <paramref name="maxLength"/> characters).</summary>
    public string Sample(Generator gen, int maxLength = 40)
        => new StringBuilder().Append(Chain.Sample(gen, maxLength).Select(s => _alphabet[s]).ToArray()).ToString();

    /// <summary>The words of a word list (one per line, as Debian's <c>wamerican</c> writes <c>/usr/share/dict/words</c>), blank lines skipped.</summary>
    /// <exception cref="FileNotFoundException">The file is missing (apt-get install wamerican).</exception>
    public static string[] ReadWords(string path = "/usr/share/dict/words")
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Word list '{path}' not found (apt-get install wamerican).", path);
        return File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    // A character outside the alphabet is a state the chain never saw (past the end mark).
    private int StateOf(char c) => _states.TryGetValue(c, out int s) ? s : Chain.End + 1;

    private int[] Encode(string text) => text.Select(StateOf).ToArray();
}
