using System.Xml.Linq;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public class SvgPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg) => XDocument.Parse(svg);

    [Fact]
    public void LinePlotIsValidXmlWithEscapedText()
    {
        var plot = new LinePlot { Title = "loss <train> & \"test\"", XLabel = "step", YLabel = "nats" }
            .Add("train", [0, 1, 2, 3], [3.0, 2.0, 1.5, 1.2])
            .Add("test & val", [1.0, 1.4, double.NaN, 1.1]);
        var doc = Parse(plot.ToSvg());

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("loss <train> & \"test\"", texts);
        Assert.Contains("train", texts);
        Assert.Contains("test & val", texts);
        Assert.Contains("nats", texts);
        // The NaN splits the second series into a line and a single dot.
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count());
        Assert.True(texts.Count(t => double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out _)) >= 6, "axes need numeric ticks");
    }

    [Fact]
    public void LogYUsesDecadeTicksAndSkipsNonPositiveValues()
    {
        var plot = new LinePlot { LogY = true }.Add("loss", [1000.0, 10.0, 0.0, 0.1, 0.001]);
        var doc = Parse(plot.ToSvg());
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("1e-3", texts);
        Assert.Contains("1", texts);
        Assert.Contains("1e3", texts);
        Assert.DoesNotContain(doc.Descendants().SelectMany(e => e.Attributes()), a => a.Value.Contains("NaN") || a.Value.Contains("Infinity"));
    }

    [Fact]
    public void LinePlotRejectsMismatchedSeries()
        => Assert.Throws<ArgumentException>(() => new LinePlot().Add("x", [1.0, 2.0], [1.0]));

    [Fact]
    public void ScatterColoursByLabelWithLegend()
    {
        var points = Tensor.Randn([60, 2], new Generator(0));
        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        var plot = new ScatterPlot { Title = "latent", ClassNames = ["T-shirt/top", "Trouser", "Pullover"] }.Add(points, labels);
        using var dir = new TempDirectory();
        plot.Save(dir.File("scatter.svg"));
        var doc = XDocument.Load(dir.File("scatter.svg"));

        var circles = doc.Descendants(Svg + "circle").ToList();
        Assert.Equal(60 + 3, circles.Count); // points plus legend markers
        Assert.Equal(3, circles.Select(c => (string?)c.Attribute("fill")).Distinct().Count());
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("T-shirt/top", texts);
        Assert.Contains("Pullover", texts);
    }

    [Fact]
    public void ScatterGroupsByName()
    {
        var plot = new ScatterPlot()
            .Add(Tensor.Zeros(5, 2), name: "real")
            .Add(Tensor.Ones(5, 2), name: "generated");
        var texts = Parse(plot.ToSvg()).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("real", texts);
        Assert.Contains("generated", texts);
        Assert.Throws<ArgumentException>(() => plot.Add(Tensor.Zeros(5, 1)));
    }

    /// <summary>The legend's box: the one rect with the legend's translucent fill.</summary>
    private static (double X, double Width) LegendBox(XDocument doc)
    {
        var box = doc.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("fill-opacity") != null);
        return (double.Parse((string)box.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture),
                double.Parse((string)box.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LegendStaysInsideWhenACornerIsFree()
    {
        // A diagonal from bottom left to top right leaves the top-left and bottom-right corners empty.
        var doc = Parse(new LinePlot { Width = 640 }.Add("a", [0.0, 1, 2, 3]).Add("b", [0.0, 1.01, 2.02, 3.03]).ToSvg());
        Assert.Equal("640", (string?)doc.Root!.Attribute("width"));
        var (x, width) = LegendBox(doc);
        Assert.True(x + width <= 640 - 20, $"the legend ({x}+{width}) should sit inside the plot area");
    }

    [Fact]
    public void LegendGoesRightOfThePlotWhenEveryCornerHoldsData()
    {
        // A grid of points fills the whole plot area, corners included.
        var grid = new float[21 * 21 * 2];
        for (int i = 0; i < 21; i++)
        for (int j = 0; j < 21; j++)
        {
            grid[2 * (21 * i + j)] = i;
            grid[2 * (21 * i + j) + 1] = j;
        }
        var plot = new ScatterPlot { Width = 500, Height = 400 }
            .Add(Tensor.FromArray(grid, [21 * 21, 2]), name: "every corner")
            .Add(Tensor.FromArray([10f, 10f], [1, 2]), name: "centre");
        var doc = Parse(plot.ToSvg());
        double canvas = double.Parse((string)doc.Root!.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        var (x, width) = LegendBox(doc);
        Assert.True(x > 500 - 20, $"the legend at x = {x} should start right of the plot area (which ends at 480)");
        Assert.True(canvas >= x + width, $"the canvas ({canvas} px) should have grown to hold the legend ({x}+{width})");
        var circles = doc.Descendants(Svg + "circle")
            .Select(c => double.Parse((string)c.Attribute("cx")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(circles.Where(cx => cx < 480), cx => Assert.True(cx < x, "no data point lies under the legend"));
    }
}
