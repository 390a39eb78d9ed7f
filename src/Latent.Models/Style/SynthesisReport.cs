using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Style;

/// <summary>
/// The output folder of an input-optimisation run (style, texture, dream, class visualisation): its pictures, a
/// <c>result.json</c>, a loss curve and an <c>index.html</c> page that shows them with the settings.
/// </summary>
public sealed class SynthesisReport
{
    private readonly List<(string File, string Caption)> _pictures = [];

    /// <summary>Creates the folder (and its parents).</summary>
    public SynthesisReport(string directory, string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        Title = title;
    }

    /// <summary>The output folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>The path of <paramref name="fileName"/> in the folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Writes images [N, C, H, W] as <paramref name="fileName"/> and lists them on the page.</summary>
    public string AddImages(string fileName, Latent.Tensors.Tensor images, string caption, int? columns = null)
    {
        string path = PathOf(fileName);
        StyleImages.Save(images, path, columns);
        _pictures.Add((fileName, caption));
        return path;
    }

    /// <summary>Plots one term of each evaluation's record (log scale) as <paramref name="fileName"/> and lists it.</summary>
    public string AddCurve(string fileName, string title, IReadOnlyDictionary<string, IReadOnlyList<double>> series, bool logY = true)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new LinePlot { Title = title, XLabel = "evaluation", YLabel = "value", LogY = logY };
        foreach (var (name, ys) in series) if (ys.Count > 0) plot.Add(name, ys);
        string path = PathOf(fileName);
        plot.Save(path);
        _pictures.Add((fileName, title));
        return path;
    }

    /// <summary>Writes <c>result.json</c> and <c>index.html</c> (settings as a table, then every picture); returns the page's path.</summary>
    public string Write(string explanation, JsonObject result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.WriteJson(PathOf("result.json"), result);
        var page = new HtmlReport(Title).Paragraph(explanation);
        var rows = result.Where(kv => kv.Value is JsonValue).Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value!.ToJsonString()]).ToList();
        if (rows.Count > 0) page.Table(["setting or result", "value"], rows);
        foreach (var (file, caption) in _pictures) page.Picture(PathOf(file), caption);
        page.Code(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        string html = PathOf("index.html");
        page.Save(html);
        return html;
    }
}
