using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// The sequences a Markov chain is fitted to, as <see cref="MarkovOptions.Data"/> names them: words of the word list
/// (state i is the i-th character of the training alphabet; every tenth word is held out), sequences drawn from the
/// lecture's weather chain, or the lines of a text file of integer states (every tenth line held out).
/// </summary>
/// <param name="Train">Training sequences.</param>
/// <param name="Test">Held-out sequences.</param>
/// <param name="States">The number of states S.</param>
/// <param name="Alphabet">The characters of the states, for words; null for integer sequences.</param>
public sealed record MarkovSequences(int[][] Train, int[][] Test, int States, string? Alphabet)
{
    /// <summary>Whether the sequences are words (varying lengths, ended by an end mark).</summary>
    public bool IsWords => Alphabet != null;

    /// <summary>Loads what <paramref name="options"/> name.</summary>
    /// <exception cref="FileNotFoundException">The word list or the sequence file is missing.</exception>
    /// <exception cref="InvalidDataException">A line of the sequence file is not a list of non-negative integers.</exception>
    public static MarkovSequences Load(MarkovOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string data = options.Data.Trim();
        MarkovSequences result;
        if (data.Equals("words", StringComparison.OrdinalIgnoreCase))
        {
            var words = CharacterChain.ReadWords(options.WordList);
            var train = words.Where((_, i) => i % 10 != 0).ToArray();
            var test = words.Where((_, i) => i % 10 == 0).ToArray();
            string alphabet = new([.. train.SelectMany(w => w).Distinct().Order()]);
            int Code(char c) => alphabet.IndexOf(c) is int s and >= 0 ? s : alphabet.Length + 1;
            result = new MarkovSequences(train.Select(w => w.Select(Code).ToArray()).ToArray(), test.Select(w => w.Select(Code).ToArray()).ToArray(), alphabet.Length, alphabet);
        }
        else if (data.Equals("weather", StringComparison.OrdinalIgnoreCase))
        {
            var chain = MarkovChain.LectureWeather;
            var trainGen = options.NewGenerator(3);
            var testGen = options.NewGenerator(4);
            result = new MarkovSequences(Enumerable.Range(0, options.Sequences).Select(_ => chain.Sample(options.Length, trainGen)).ToArray(),
                Enumerable.Range(0, Math.Max(1, options.Sequences / 2)).Select(_ => chain.Sample(options.Length, testGen)).ToArray(), chain.StateCount, null);
        }
        else
        {
            if (!File.Exists(data))
                throw new FileNotFoundException($"Option --data: '{data}' is neither words, weather nor an existing file of integer sequences.", data);
            var lines = ReadIntegerLines(data);
            if (lines.Length < 2) throw new InvalidDataException($"Option --data: '{data}' holds {lines.Length} sequence(s); at least 2 are needed (one is held out).");
            var train = lines.Where((_, i) => i % 10 != 0).ToArray();
            var test = lines.Where((_, i) => i % 10 == 0).ToArray();
            result = new MarkovSequences(train, test, lines.Max(l => l.Max()) + 1, null);
        }
        if (options.TrainSize is int limit && limit < result.Train.Length) result = result with { Train = result.Train[..limit] };
        return result;
    }

    /// <summary>The sequences of a text file: one per line, states as non-negative integers separated by spaces, commas or tabs; blank lines skipped.</summary>
    /// <exception cref="InvalidDataException">A token is not a non-negative integer; the message names the file and the line.</exception>
    public static int[][] ReadIntegerLines(string path)
    {
        var result = new List<int[]>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var tokens = line.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (tokens.Length == 0) continue;
            var states = new int[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
                if (!int.TryParse(tokens[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out states[i]))
                    throw new InvalidDataException($"'{path}', line {number}: '{tokens[i]}' is not a non-negative integer state.");
            result.Add(states);
        }
        return [.. result];
    }

    /// <summary>Rows [N, L] of the sequences padded with −1 to the longest, L.</summary>
    public static Tensor ToRows(IReadOnlyList<int[]> sequences, int length)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var rows = Tensor.Zeros(sequences.Count, length);
        var data = rows.Data;
        for (int i = 0; i < sequences.Count; i++)
            for (int t = 0; t < length; t++) data[i * length + t] = t < sequences[i].Length ? sequences[i][t] : -1;
        return rows;
    }

    /// <summary>The sequences of rows padded with −1 (a row ends at its first negative value).</summary>
    public static int[][] FromRows(Tensor rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int n = rows.Shape[0], length = rows.Shape.Length > 1 ? rows.Shape[1] : 1;
        var data = rows.Data;
        var result = new int[n][];
        for (int i = 0; i < n; i++)
        {
            var seq = new List<int>();
            for (int t = 0; t < length && data[i * length + t] >= 0; t++) seq.Add((int)Math.Round(data[i * length + t]));
            result[i] = [.. seq];
        }
        return result;
    }
}
