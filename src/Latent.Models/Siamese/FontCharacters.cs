using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// An Omniglot-like one-shot set built offline from Debian's Hershey fonts: every printable character (the space
/// excepted) of every Latin text font, rasterised to 28 × 28. Classes are characters and examples are fonts, as
/// Omniglot's classes are characters and its examples drawers; the "alphabets" are the groups of characters
/// (<see cref="Uppercase"/>, lowercase, digits, punctuation), so a model trained on some groups is tested on
/// characters it never saw.
/// </summary>
/// <param name="Images">[N, 1, 28, 28] in [0, 1].</param>
/// <param name="Labels">The class of each image, an index into <paramref name="Characters"/>.</param>
/// <param name="FontOf">The font of each image, an index into <paramref name="Fonts"/>.</param>
/// <param name="Characters">The characters, one class each.</param>
/// <param name="Fonts">The font names.</param>
public sealed record FontCharacters(Tensor Images, int[] Labels, int[] FontOf, string Characters, IReadOnlyList<string> Fonts)
{
    /// <summary>The Hershey fonts whose printable-ASCII slots hold the Latin letters, digits and signs (Greek, Cyrillic and symbol fonts map them elsewhere).</summary>
    public static IReadOnlyList<string> LatinFonts { get; } =
    [
        "cursive", "futural", "futuram", "gothgbt", "gothgrt", "gothiceng", "gothicger", "gothicita", "gothitt",
        "rowmand", "rowmans", "rowmant", "scriptc", "scripts", "timesi", "timesib", "timesr", "timesrb",
    ];

    /// <summary>The 26 capitals: the held-out "alphabet" of the one-shot evaluation.</summary>
    public const string Uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Every printable ASCII character but the space.</summary>
    public static string AllCharacters { get; } = new([.. Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c)]);

    /// <summary>The characters other than the capitals: lowercase, digits and punctuation, the training "alphabets".</summary>
    public static string TrainingCharacters { get; } = new([.. AllCharacters.Where(c => !Uppercase.Contains(c))]);

    /// <summary>Rasterises <paramref name="characters"/> of the <see cref="LatinFonts"/> found in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The fonts are not installed (apt-get install hershey-fonts-data).</exception>
    /// <exception cref="ArgumentException">A character is not printable ASCII, or no Latin font is in the folder.</exception>
    public static FontCharacters Load(string characters, string directory = HersheyFont.DefaultDirectory)
    {
        ArgumentNullException.ThrowIfNull(characters);
        foreach (char ch in characters)
            if (ch <= ' ' || ch > '~') throw new ArgumentException($"Font characters must be printable ASCII, got U+{(int)ch:X4}.", nameof(characters));
        var fonts = HersheyFont.LoadAll(directory).Where(f => LatinFonts.Contains(f.Name)).ToList();
        if (fonts.Count == 0) throw new ArgumentException($"No Latin Hershey font ({string.Join(", ", LatinFonts.Take(3))}, …) in {directory}.");
        var pixels = new List<float>();
        var labels = new List<int>();
        var fontOf = new List<int>();
        for (int c = 0; c < characters.Length; c++)
            for (int f = 0; f < fonts.Count; f++)
            {
                if (fonts[f].Strokes(characters[c]) is not { Count: > 0 } strokes) continue;
                pixels.AddRange(GlyphRaster.Draw(strokes));
                labels.Add(c);
                fontOf.Add(f);
            }
        return new FontCharacters(Tensor.FromArray([.. pixels], labels.Count, 1, 28, 28), [.. labels], [.. fontOf], characters, [.. fonts.Select(f => f.Name)]);
    }
}
