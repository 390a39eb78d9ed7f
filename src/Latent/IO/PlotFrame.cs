namespace Latent.IO;

/// <summary>The shared layout of a plot: title, axes box with ticks and labels, clip region, and legend.</summary>
internal sealed class PlotFrame
{
    private const double LeftMargin = 70, RightMargin = 20, TopMargin = 40, BottomMargin = 50, LegendGap = 12;
    private readonly PlotAxis _x, _y;

    public PlotFrame(int width, int height, PlotAxis x, PlotAxis y)
    {
        Width = width;
        Height = height;
        _x = x;
        _y = y;
    }

    public int Width { get; }

    public int Height { get; }

    public double Left => LeftMargin;

    public double Right => Width - RightMargin;

    public double Top => TopMargin;

    public double Bottom => Height - BottomMargin;

    /// <summary>The attribute that clips an element to the plot area.</summary>
    public const string Clip = " clip-path=\"url(#plot-area)\"";

    public double X(double v) => Left + _x.Fraction(v) * (Right - Left);

    public double Y(double v) => Bottom - _y.Fraction(v) * (Bottom - Top);

    public bool CanShow(double x, double y) => _x.CanShow(x) && _y.CanShow(y);

    /// <summary>Starts an SVG with the title, the grid, the axes, their ticks and labels.</summary>
    public SvgBuilder Begin(string? title, string? xLabel, string? yLabel)
    {
        var svg = new SvgBuilder(Width, Height);
        svg.Raw($"<defs><clipPath id=\"plot-area\"><rect x=\"{SvgBuilder.Num(Left)}\" y=\"{SvgBuilder.Num(Top)}\" width=\"{SvgBuilder.Num(Right - Left)}\" height=\"{SvgBuilder.Num(Bottom - Top)}\"/></clipPath></defs>");
        if (!string.IsNullOrEmpty(title)) svg.Text(Width / 2.0, 24, title, "middle", 15, weight: "bold");
        foreach (var (value, label) in _x.Ticks())
        {
            double px = X(value);
            svg.Line(px, Top, px, Bottom, "#e6e6e6");
            svg.Line(px, Bottom, px, Bottom + 5, "black");
            svg.Text(px, Bottom + 18, label, "middle", 11);
        }
        foreach (var (value, label) in _y.Ticks())
        {
            double py = Y(value);
            svg.Line(Left, py, Right, py, "#e6e6e6");
            svg.Line(Left - 5, py, Left, py, "black");
            svg.Text(Left - 8, py + 4, label, "end", 11);
        }
        svg.Rect(Left, Top, Right - Left, Bottom - Top, "none", "black");
        if (!string.IsNullOrEmpty(xLabel)) svg.Text((Left + Right) / 2, Height - 12, xLabel, "middle");
        if (!string.IsNullOrEmpty(yLabel)) svg.Text(16, (Top + Bottom) / 2, yLabel, "middle", rotate: -90);
        return svg;
    }

    /// <summary>
    /// Draws a legend box in a corner of the plot area that hides none of <paramref name="drawn"/> (pixel positions of
    /// what was plotted; ties go to the top right). When every corner holds data the legend goes outside, right of the
    /// plot, and the canvas grows to hold it.
    /// </summary>
    public void Legend(SvgBuilder svg, IReadOnlyList<(string Name, string Color)> entries, bool markers, IReadOnlyList<(double X, double Y)> drawn)
    {
        if (entries.Count == 0) return;
        double longest = entries.Max(e => e.Name.Length);
        double boxWidth = 34 + longest * 6.5, boxHeight = 8 + 16 * entries.Count;
        (double X, double Y)[] corners =
        [
            (Right - boxWidth - 8, Top + 8), (Left + 8, Top + 8),
            (Right - boxWidth - 8, Bottom - boxHeight - 8), (Left + 8, Bottom - boxHeight - 8),
        ];
        int Hidden((double X, double Y) c) => drawn.Count(p => p.X >= c.X - 2 && p.X <= c.X + boxWidth + 2 && p.Y >= c.Y - 2 && p.Y <= c.Y + boxHeight + 2);
        var (x, y) = corners.MinBy(Hidden);
        if (Hidden((x, y)) > 0)
        {
            (x, y) = (Right + LegendGap, Top);
            svg.Widen(x + boxWidth + RightMargin - svg.Width);
        }
        svg.Rect(x, y, boxWidth, boxHeight, "white", "#999999", " fill-opacity=\"0.85\"");
        for (int i = 0; i < entries.Count; i++)
        {
            double cy = y + 12 + 16 * i;
            if (markers) svg.Circle(x + 14, cy, 4, entries[i].Color);
            else svg.Line(x + 6, cy, x + 22, cy, entries[i].Color, 2);
            svg.Text(x + 28, cy + 4, entries[i].Name, size: 11);
        }
    }
}
