using Latent.Tensors;

namespace Latent.IO;

/// <summary>
/// A scatter plot of 2-D points written as SVG, coloured by integer class label (or by the name of each group of
/// points), with a legend: latent spaces, t-SNE embeddings, toy-distribution samples.
/// </summary>
/// <example>
/// <code>
/// new ScatterPlot { Title = "Latent space", ClassNames = FashionMnist.ClassNames }
///     .Add(codes, labels)
///     .Save("runs/vae/latent.svg");
/// </code>
/// </example>
public sealed class ScatterPlot
{
    private readonly List<(double X, double Y, GroupKey Key)> _points = [];
    private readonly List<GroupKey> _keys = [];

    /// <summary>The title above the plot.</summary>
    public string? Title { get; set; }

    /// <summary>The label of the x axis.</summary>
    public string? XLabel { get; set; }

    /// <summary>The label of the y axis.</summary>
    public string? YLabel { get; set; }

    /// <summary>Names shown in the legend for labels 0, 1, …; labels without a name show as numbers.</summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>Point radius in pixels.</summary>
    public double PointRadius { get; set; } = 2.5;

    /// <summary>Width of the image in pixels.</summary>
    public int Width { get; set; } = 560;

    /// <summary>Height of the image in pixels.</summary>
    public int Height { get; set; } = 480;

    /// <summary>
    /// Adds points [n, 2] (or [n, d] using the first two columns). With <paramref name="labels"/> each point is
    /// coloured by its label; otherwise all take the colour of <paramref name="name"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not [n, d ≥ 2] or the label count differs from n.</exception>
    public ScatterPlot Add(Tensor points, int[]? labels = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Rank != 2 || points.Shape[1] < 2)
            throw new ArgumentException($"ScatterPlot: points must be [n, 2], got {ShapeUtil.Format(points.Shape)}.");
        int n = points.Shape[0], d = points.Shape[1];
        if (labels != null && labels.Length != n)
            throw new ArgumentException($"ScatterPlot: {labels.Length} labels for {n} points.");
        var data = points.Storage;
        for (int i = 0; i < n; i++)
        {
            var key = labels == null ? new GroupKey(null, name ?? "points") : new GroupKey(labels[i], null);
            if (!_keys.Contains(key)) _keys.Add(key);
            _points.Add((data[i * d], data[i * d + 1], key));
        }
        return this;
    }

    /// <summary>The plot as an SVG document.</summary>
    public string ToSvg()
    {
        var frame = new PlotFrame(Width, Height, PlotAxis.Fit(_points.Select(p => p.X), false), PlotAxis.Fit(_points.Select(p => p.Y), false));
        var svg = frame.Begin(Title, XLabel, YLabel);
        // Labels keep their palette colour across plots (label k is always colour k); named groups follow them.
        var ordered = _keys.OrderBy(k => k.Label == null).ThenBy(k => k.Label ?? 0).ToList();
        int nextColor = _keys.Where(k => k.Label != null).Select(k => k.Label!.Value + 1).DefaultIfEmpty(0).Max();
        var colors = new Dictionary<GroupKey, string>();
        foreach (var key in ordered)
            colors[key] = PlotPalette.Color(key.Label ?? nextColor++);
        var drawn = new List<(double, double)>();
        foreach (var (x, y, key) in _points)
            if (frame.CanShow(x, y))
            {
                svg.Circle(frame.X(x), frame.Y(y), PointRadius, colors[key], " fill-opacity=\"0.7\"");
                drawn.Add((frame.X(x), frame.Y(y)));
            }
        frame.Legend(svg, ordered.Select(k => (LegendName(k), colors[k])).ToList(), markers: true, drawn);
        return svg.ToString();
    }

    /// <summary>Writes the SVG to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private string LegendName(GroupKey key)
    {
        if (key.Name != null) return key.Name;
        int label = key.Label!.Value;
        return ClassNames != null && label >= 0 && label < ClassNames.Count
            ? ClassNames[label]
            : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private readonly record struct GroupKey(int? Label, string? Name);
}
