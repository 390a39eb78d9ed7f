namespace Latent.IO;

/// <summary>
/// A line plot of one or more series written as SVG: axes with ticks, axis labels, a title, a legend and an
/// optional logarithmic y axis (for losses that fall over decades).
/// </summary>
/// <example>
/// <code>
/// new LinePlot { Title = "VAE on Fashion-MNIST", XLabel = "step", YLabel = "loss", LogY = true }
///     .Add("train", steps, trainLoss)
///     .Add("test", steps, testLoss)
///     .Save("runs/vae/loss.svg");
/// </code>
/// </example>
public sealed class LinePlot
{
    private readonly List<PlotSeries> _series = [];

    /// <summary>The title above the plot.</summary>
    public string? Title { get; set; }

    /// <summary>The label of the x axis.</summary>
    public string? XLabel { get; set; }

    /// <summary>The label of the y axis.</summary>
    public string? YLabel { get; set; }

    /// <summary>Use a base-10 logarithmic y axis; non-positive values are left out.</summary>
    public bool LogY { get; set; }

    /// <summary>Width of the image in pixels.</summary>
    public int Width { get; set; } = 640;

    /// <summary>Height of the image in pixels.</summary>
    public int Height { get; set; } = 400;

    /// <summary>The series added so far.</summary>
    public IReadOnlyList<PlotSeries> Series => _series;

    /// <summary>Adds a series with explicit x values.</summary>
    /// <exception cref="ArgumentException">x and y have different lengths.</exception>
    public LinePlot Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"LinePlot: series '{name}' has {x.Count} x values but {y.Count} y values.");
        _series.Add(new PlotSeries(name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>Adds a series plotted against 0, 1, 2, ….</summary>
    public LinePlot Add(string name, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return Add(name, Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y);
    }

    /// <summary>The plot as an SVG document.</summary>
    public string ToSvg()
    {
        var xAxis = PlotAxis.Fit(_series.SelectMany(s => s.X), log: false);
        var yAxis = PlotAxis.Fit(_series.SelectMany(s => s.Y), LogY);
        var frame = new PlotFrame(Width, Height, xAxis, yAxis);
        var svg = frame.Begin(Title, XLabel, YLabel);
        var legend = new List<(string, string)>();
        var drawn = new List<(double, double)>();
        for (int k = 0; k < _series.Count; k++)
        {
            var s = _series[k];
            string color = PlotPalette.Color(k);
            var segment = new List<(double, double)>();
            for (int i = 0; i <= s.X.Count; i++)
            {
                if (i < s.X.Count && frame.CanShow(s.X[i], s.Y[i]))
                {
                    segment.Add((frame.X(s.X[i]), frame.Y(s.Y[i])));
                    if (segment.Count > 1) Interpolate(segment[^2], segment[^1], drawn);
                    else drawn.Add(segment[0]);
                    continue;
                }
                if (segment.Count == 1) svg.Circle(segment[0].Item1, segment[0].Item2, 2, color, PlotFrame.Clip);
                else svg.Polyline(segment, color, 1.75, PlotFrame.Clip);
                segment.Clear();
            }
            legend.Add((s.Name, color));
        }
        frame.Legend(svg, legend, markers: false, drawn);
        return svg.ToString();
    }

    /// <summary>Points every few pixels along a segment, so that a legend is not placed over a long straight line.</summary>
    private static void Interpolate((double X, double Y) a, (double X, double Y) b, List<(double, double)> drawn)
    {
        int steps = Math.Clamp((int)(Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)) / 4), 1, 200);
        for (int t = 1; t <= steps; t++) drawn.Add((a.X + (b.X - a.X) * t / steps, a.Y + (b.Y - a.Y) * t / steps));
    }

    /// <summary>Writes the SVG to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());
}
