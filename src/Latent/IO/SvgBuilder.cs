using System.Globalization;
using System.Security;
using System.Text;

namespace Latent.IO;

/// <summary>Accumulates SVG elements with invariant number formatting and escaped text.</summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder _sb = new();
    private readonly int _height;

    public SvgBuilder(int width, int height)
    {
        Width = width;
        _height = height;
    }

    /// <summary>The width of the canvas; <see cref="Widen"/> grows it, for a legend placed right of the plot.</summary>
    public int Width { get; private set; }

    /// <summary>Adds <paramref name="pixels"/> of white canvas on the right; what is drawn so far does not move.</summary>
    public void Widen(double pixels) => Width += (int)Math.Ceiling(Math.Max(0, pixels));

    /// <summary>Escapes markup characters and drops control characters, which XML 1.0 forbids.</summary>
    public static string Escape(string text)
    {
        var clean = new string(text.Where(c => c >= ' ' || c == '\t').ToArray());
        return SecurityElement.Escape(clean) ?? "";
    }

    public static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public void Raw(string element) => _sb.Append(element).Append('\n');

    public void Rect(double x, double y, double w, double h, string fill, string? stroke, string extra = "")
        => Raw($"<rect x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"{Num(w)}\" height=\"{Num(h)}\" fill=\"{fill}\"{(stroke == null ? "" : $" stroke=\"{stroke}\"")}{extra}/>");

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1)
        => Raw($"<line x1=\"{Num(x1)}\" y1=\"{Num(y1)}\" x2=\"{Num(x2)}\" y2=\"{Num(y2)}\" stroke=\"{stroke}\" stroke-width=\"{Num(width)}\"/>");

    public void Circle(double cx, double cy, double r, string fill, string extra = "")
        => Raw($"<circle cx=\"{Num(cx)}\" cy=\"{Num(cy)}\" r=\"{Num(r)}\" fill=\"{fill}\"{extra}/>");

    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width, string extra = "")
    {
        if (points.Count == 0) return;
        var sb = new StringBuilder();
        foreach (var (x, y) in points) sb.Append(Num(x)).Append(',').Append(Num(y)).Append(' ');
        Raw($"<polyline points=\"{sb.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{Num(width)}\" stroke-linejoin=\"round\"{extra}/>");
    }

    public void Text(double x, double y, string text, string anchor = "start", double size = 12, double rotate = 0, string weight = "normal")
    {
        string transform = rotate == 0 ? "" : $" transform=\"rotate({Num(rotate)} {Num(x)} {Num(y)})\"";
        Raw($"<text x=\"{Num(x)}\" y=\"{Num(y)}\" text-anchor=\"{anchor}\" font-size=\"{Num(size)}\" font-weight=\"{weight}\"{transform}>{Escape(text)}</text>");
    }

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
               $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{_height}\" viewBox=\"0 0 {Width} {_height}\" font-family=\"sans-serif\" font-size=\"12\">\n")
           + $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{_height}\" fill=\"white\"/>\n" + _sb + "</svg>\n";
}
