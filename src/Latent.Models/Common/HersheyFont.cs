using System.Globalization;

namespace Latent.Models.Common;

/// <summary>
/// A Hershey vector font read from a <c>.jhf</c> file (Debian's <c>hershey-fonts-data</c>, under
/// <c>/usr/share/hershey-fonts</c>): one glyph per printable ASCII character from the space on, each a list of pen
/// strokes (polylines), with y pointing down as in the file.
/// </summary>
public sealed class HersheyFont
{
    /// <summary>Where Debian installs the fonts.</summary>
    public const string DefaultDirectory = "/usr/share/hershey-fonts";

    private readonly List<(double X, double Y)[][]> _glyphs;

    private HersheyFont(string name, List<(double X, double Y)[][]> glyphs)
    {
        Name = name;
        _glyphs = glyphs;
    }

    /// <summary>The file name without extension, e.g. "futural".</summary>
    public string Name { get; }

    /// <summary>The number of glyphs.</summary>
    public int Count => _glyphs.Count;

    /// <summary>
    /// Parses a <c>.jhf</c> file: each glyph is a 5-character number, a 3-character vertex count (the margins
    /// included), the left and right margins and then that many coordinate pairs, letters offset from 'R', " R"
    /// lifting the pen; a glyph may continue on the next lines.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A glyph header or coordinate is malformed (the message names the line).</exception>
    public static HersheyFont Load(string path)
    {
        var glyphs = new List<(double X, double Y)[][]>();
        string buffer = "";
        int lineNumber = 0, startLine = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (buffer.Length == 0)
            {
                if (line.Trim().Length == 0) continue;
                startLine = lineNumber;
            }
            buffer += line;
            if (buffer.Length < 8) continue;
            if (!int.TryParse(buffer.AsSpan(5, 3).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int vertices) || vertices < 1)
                throw new FormatException($"{path}:{startLine}: bad glyph header '{buffer[..8]}'.");
            if (buffer.Length < 8 + 2 * vertices) continue;
            glyphs.Add(ParseStrokes(buffer.Substring(10, 2 * (vertices - 1)), path, startLine));
            buffer = "";
        }
        if (buffer.Length > 0) throw new FormatException($"{path}:{startLine}: the last glyph is truncated.");
        return new HersheyFont(Path.GetFileNameWithoutExtension(path), glyphs);
    }

    private static (double X, double Y)[][] ParseStrokes(string pairs, string path, int line)
    {
        var strokes = new List<(double X, double Y)[]>();
        var current = new List<(double X, double Y)>();
        for (int i = 0; i + 1 < pairs.Length; i += 2)
        {
            if (pairs[i] == ' ' && pairs[i + 1] == 'R')
            {
                if (current.Count > 0) strokes.Add([.. current]);
                current.Clear();
                continue;
            }
            if (pairs[i] < ' ' || pairs[i + 1] < ' ') throw new FormatException($"{path}:{line}: bad coordinate pair.");
            current.Add((pairs[i] - 'R', pairs[i + 1] - 'R'));
        }
        if (current.Count > 0) strokes.Add([.. current]);
        return [.. strokes];
    }

    /// <summary>The strokes of character <paramref name="c"/> (printable ASCII), or null when the font has no glyph for it.</summary>
    public IReadOnlyList<(double X, double Y)[]>? Strokes(char c)
    {
        int index = c - ' ';
        return index >= 0 && index < _glyphs.Count ? _glyphs[index] : null;
    }

    /// <summary>Fonts of symbols rather than letters and digits (their ASCII slots hold other signs), by name prefix.</summary>
    public static IReadOnlyList<string> SymbolFonts { get; } = ["astrology", "japanese", "markers", "math", "meteorology", "music", "symbolic"];

    /// <summary>Every <c>.jhf</c> font in <paramref name="directory"/>, sorted by name; with <paramref name="textOnly"/> the <see cref="SymbolFonts"/> are left out.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist (install hershey-fonts-data).</exception>
    public static IReadOnlyList<HersheyFont> LoadAll(string directory = DefaultDirectory, bool textOnly = true)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"No Hershey fonts in {directory}: apt-get install hershey-fonts-data.");
        return Directory.GetFiles(directory, "*.jhf")
            .Where(f => !textOnly || !SymbolFonts.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).Select(Load).ToList();
    }
}
