using System.Globalization;
using System.Text;
using Latent.Models.Common;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// Pen trajectories of glyphs as sequences of direction symbols, the data of the lecture's HMM experiment (Bishop
/// §13.2, Fig. 13.11): a glyph's longest stroke, distorted by a small random affine map, resampled to equally spaced
/// points along its length, each step quantized to one of S directions (0 = east, counter-clockwise, y up).
/// </summary>
public static class PenTrajectories
{
    /// <summary>The share of a glyph's ink its longest stroke must hold for the glyph to count as single-stroke.</summary>
    public const double SingleStrokeShare = 0.9;

    /// <summary>The fonts drawn with a single line (no outlines), whose multi-stroke glyphs can be joined into one pen path.</summary>
    public static IReadOnlyList<string> SingleLineFonts { get; } = ["cursive", "futural", "greek", "greeks", "rowmans", "scripts"];

    /// <summary>All strokes of a glyph joined in drawing order (the pen's moves between strokes become straight steps), y flipped to point up.</summary>
    public static (double X, double Y)[] JoinedStrokes(IReadOnlyList<(double X, double Y)[]> strokes)
    {
        ArgumentNullException.ThrowIfNull(strokes);
        var points = strokes.SelectMany(s => s).Select(p => (p.X, -p.Y)).ToArray();
        if (points.Length < 2) throw new ArgumentException("The glyph has fewer than two points.", nameof(strokes));
        return points;
    }

    /// <summary>The longest stroke (by length) of a glyph, with y flipped to point up.</summary>
    /// <exception cref="ArgumentException">The glyph has no stroke of two or more points.</exception>
    public static (double X, double Y)[] LongestStroke(IReadOnlyList<(double X, double Y)[]> strokes)
    {
        ArgumentNullException.ThrowIfNull(strokes);
        var best = strokes.Where(s => s.Length >= 2).MaxBy(Length) ?? throw new ArgumentException("The glyph has no stroke of two or more points.", nameof(strokes));
        return best.Select(p => (p.X, -p.Y)).ToArray();
    }

    /// <summary>The length of a polyline.</summary>
    public static double Length((double X, double Y)[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double s = 0;
        for (int i = 1; i < points.Length; i++) s += Math.Sqrt(Math.Pow(points[i].X - points[i - 1].X, 2) + Math.Pow(points[i].Y - points[i - 1].Y, 2));
        return s;
    }

    /// <summary>
    /// The polyline under a random affine map about its centroid: rotation, anisotropic scale and shear, each a normal
    /// draw with standard deviation <paramref name="amount"/> (radians or relative scale).
    /// </summary>
    public static (double X, double Y)[] Jitter((double X, double Y)[] points, Generator gen, double amount)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(gen);
        double angle = amount * gen.NextNormal(), sx = 1 + amount * gen.NextNormal(), sy = 1 + amount * gen.NextNormal(), shear = amount * gen.NextNormal();
        double cx = points.Average(p => p.X), cy = points.Average(p => p.Y);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        return points.Select(p =>
        {
            double x = (p.X - cx) * sx + shear * (p.Y - cy), y = (p.Y - cy) * sy;
            return (cos * x - sin * y, sin * x + cos * y);
        }).ToArray();
    }

    /// <summary><paramref name="count"/> points equally spaced along the polyline, its two ends included.</summary>
    /// <exception cref="ArgumentException">Fewer than two points requested, or the polyline has no length.</exception>
    public static (double X, double Y)[] Resample((double X, double Y)[] points, int count)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (count < 2) throw new ArgumentException($"Resample: need at least 2 points, got {count}.", nameof(count));
        double total = Length(points);
        if (!(total > 0)) throw new ArgumentException("Resample: the polyline has no length.", nameof(points));
        var result = new (double X, double Y)[count];
        int segment = 1;
        double before = 0; // length up to points[segment - 1]
        for (int i = 0; i < count; i++)
        {
            double target = total * i / (count - 1);
            while (segment < points.Length - 1)
            {
                double len = Math.Sqrt(Math.Pow(points[segment].X - points[segment - 1].X, 2) + Math.Pow(points[segment].Y - points[segment - 1].Y, 2));
                if (before + len >= target) break;
                before += len;
                segment++;
            }
            var (a, b) = (points[segment - 1], points[segment]);
            double seg = Math.Sqrt(Math.Pow(b.X - a.X, 2) + Math.Pow(b.Y - a.Y, 2));
            double f = seg > 0 ? Math.Clamp((target - before) / seg, 0, 1) : 0;
            result[i] = (a.X + f * (b.X - a.X), a.Y + f * (b.Y - a.Y));
        }
        return result;
    }

    /// <summary>The direction symbol of each step: the step's angle rounded to the nearest of <paramref name="symbols"/> equally spaced directions.</summary>
    public static int[] Directions((double X, double Y)[] points, int symbols)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 2);
        var result = new int[points.Length - 1];
        for (int i = 1; i < points.Length; i++)
        {
            double angle = Math.Atan2(points[i].Y - points[i - 1].Y, points[i].X - points[i - 1].X);
            int k = (int)Math.Round(angle / (2 * Math.PI / symbols));
            result[i - 1] = ((k % symbols) + symbols) % symbols;
        }
        return result;
    }

    /// <summary>The pen path of unit steps in the given directions, from the origin.</summary>
    public static (double X, double Y)[] Draw(IReadOnlyList<int> directions, int symbols)
    {
        ArgumentNullException.ThrowIfNull(directions);
        var points = new (double X, double Y)[directions.Count + 1];
        for (int i = 0; i < directions.Count; i++)
        {
            double angle = 2 * Math.PI * directions[i] / symbols;
            points[i + 1] = (points[i].X + Math.Cos(angle), points[i].Y + Math.Sin(angle));
        }
        return points;
    }

    /// <summary>
    /// <paramref name="copies"/> jittered direction sequences of <paramref name="steps"/> steps for each distinct
    /// single-stroke glyph (<see cref="SingleStrokeShare"/>) of each character of <paramref name="characters"/> in <paramref name="fonts"/>; labels are the character's index.
    /// With <paramref name="joinStrokes"/>, glyphs of the <see cref="SingleLineFonts"/> of several strokes are used too, their strokes joined.
    /// </summary>
    /// <exception cref="ArgumentException">No font has a glyph for a character.</exception>
    public static (int[][] Sequences, int[] Labels) Sequences(IReadOnlyList<HersheyFont> fonts, string characters, int copies, int steps, int symbols,
        double jitter, Generator gen, bool joinStrokes = false)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        ArgumentNullException.ThrowIfNull(characters);
        var sequences = new List<int[]>();
        var labels = new List<int>();
        for (int c = 0; c < characters.Length; c++)
            foreach (var glyph in Glyphs(fonts, characters[c], joinStrokes))
                for (int k = 0; k < copies; k++)
                {
                    sequences.Add(Directions(Resample(Jitter(glyph, gen, jitter), steps + 1), symbols));
                    labels.Add(c);
                }
        return ([.. sequences], [.. labels]);
    }

    /// <summary>
    /// Continuous pen steps for Gaussian-emission HMMs: like <see cref="Sequences"/>, but each jittered glyph resampled
    /// to <paramref name="steps"/> equal steps along the pen's path, each step (Δx, Δy) divided by its length: the emission is the pen's
    /// direction as a point on the unit circle, free of the glyph's size.
    /// </summary>
    /// <exception cref="ArgumentException">No font has a glyph for a character.</exception>
    public static (double[][][] Sequences, int[] Labels) StepSequences(IReadOnlyList<HersheyFont> fonts, string characters, int copies, int steps,
        double jitter, Generator gen, bool joinStrokes = false)
    {
        ArgumentNullException.ThrowIfNull(characters);
        var sequences = new List<double[][]>();
        var labels = new List<int>();
        for (int c = 0; c < characters.Length; c++)
            foreach (var glyph in Glyphs(fonts, characters[c], joinStrokes))
                for (int k = 0; k < copies; k++)
                {
                    var points = Resample(Jitter(glyph, gen, jitter), steps + 1);
                    sequences.Add(Enumerable.Range(0, steps).Select(t => UnitStep(points[t], points[t + 1])).ToArray());
                    labels.Add(c);
                }
        return ([.. sequences], [.. labels]);
    }

    /// <summary>The pen path of steps (Δx, Δy) from the origin: the partial sums, one point more than steps.</summary>
    public static (double X, double Y)[] DrawSteps(IReadOnlyList<double[]> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var points = new (double X, double Y)[steps.Count + 1];
        for (int t = 0; t < steps.Count; t++) points[t + 1] = (points[t].X + steps[t][0], points[t].Y + steps[t][1]);
        return points;
    }

    private static double[] UnitStep((double X, double Y) from, (double X, double Y) to)
    {
        double dx = to.X - from.X, dy = to.Y - from.Y, length = Math.Sqrt(dx * dx + dy * dy);
        return length > 0 ? [dx / length, dy / length] : [1, 0];
    }

    /// <summary>
    /// The distinct pen paths of <paramref name="character"/> in <paramref name="fonts"/>: glyphs drawn (almost) in one
    /// stroke, and with <paramref name="joinStrokes"/> the single-line fonts' glyphs with their strokes joined.
    /// </summary>
    /// <exception cref="ArgumentException">No font has such a glyph.</exception>
    public static IReadOnlyList<(double X, double Y)[]> Glyphs(IReadOnlyList<HersheyFont> fonts, char character, bool joinStrokes = false)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        var glyphs = new List<(double X, double Y)[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var font in fonts)
        {
            var strokes = font.Strokes(character);
            if (strokes == null || !strokes.Any(s => s.Length >= 2 && Length(s) > 0)) continue;
            var stroke = LongestStroke(strokes);
            // Only glyphs drawn (almost) in one stroke: outlined and multi-stroke designs are not pen trajectories,
            // unless single-line glyphs may have their strokes joined.
            if (Length(stroke) < SingleStrokeShare * strokes.Sum(Length))
            {
                if (!joinStrokes || !SingleLineFonts.Contains(font.Name)) continue;
                stroke = JoinedStrokes(strokes);
            }
            if (seen.Add(string.Join(';', stroke.Select(p => $"{p.X},{p.Y}")))) glyphs.Add(stroke);
        }
        if (glyphs.Count == 0) throw new ArgumentException($"No Hershey font has a glyph for '{character}'.", nameof(character));
        return glyphs;
    }

    /// <summary>Writes an SVG of pen paths in rows (one row per group, each with its title), each path scaled into its own cell.</summary>
    public static void SaveSvg(string path, IReadOnlyList<(string Title, IReadOnlyList<(double X, double Y)[]> Paths)> rows, int cell = 70)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = Math.Max(1, rows.Max(r => r.Paths.Count));
        int width = columns * cell + 20, rowHeight = cell + 24, height = rows.Count * rowHeight + 10;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        sb.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        for (int r = 0; r < rows.Count; r++)
        {
            double top = r * rowHeight + 18;
            sb.Append(inv, $"<text x=\"10\" y=\"{top - 4:0.#}\">{System.Security.SecurityElement.Escape(rows[r].Title)}</text>\n");
            for (int c = 0; c < rows[r].Paths.Count; c++)
            {
                var p = rows[r].Paths[c];
                double minX = p.Min(q => q.X), maxX = p.Max(q => q.X), minY = p.Min(q => q.Y), maxY = p.Max(q => q.Y);
                double scale = (cell - 12) / Math.Max(1e-9, Math.Max(maxX - minX, maxY - minY));
                double ox = 10 + c * cell + 6 + ((cell - 12) - scale * (maxX - minX)) / 2, oy = top + 6 + ((cell - 12) - scale * (maxY - minY)) / 2;
                var pts = string.Join(' ', p.Select(q => string.Create(inv, $"{ox + scale * (q.X - minX):0.#},{oy + scale * (maxY - q.Y):0.#}")));
                sb.Append(inv, $"<polyline points=\"{pts}\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n");
                sb.Append(inv, $"<circle cx=\"{ox + scale * (p[0].X - minX):0.#}\" cy=\"{oy + scale * (maxY - p[0].Y):0.#}\" r=\"3\" fill=\"#c0392b\"/>\n");
            }
        }
        sb.Append("</svg>\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
