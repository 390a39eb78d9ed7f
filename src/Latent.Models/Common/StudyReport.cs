using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Common;

/// <summary>A study's <c>index.html</c>: its explanation, the pictures it wrote, and its headline numbers.</summary>
public static class StudyReport
{
    /// <summary>
    /// Writes <c>index.html</c> into the study's folder with every PNG and SVG written since <paramref name="started"/>
    /// (older files in the folder are not the study's) and the numbers of <paramref name="json"/>; returns its path.
    /// </summary>
    public static string Write(Study study, StudyContext context, JsonObject json, DateTime started, TimeSpan elapsed)
    {
        var report = new HtmlReport(study.Title)
            .Paragraph(study.Explanation)
            .Paragraph($"latent study {study.Name} --seed {context.Seed} ran in {elapsed.TotalSeconds:F0} s.");
        var pictures = Directory.EnumerateFiles(context.OutputDirectory)
            .Where(f => Path.GetExtension(f) is ".png" or ".svg" && File.GetLastWriteTimeUtc(f) >= started)
            .Order(StringComparer.Ordinal);
        foreach (var picture in pictures) report.Picture(picture, context.CaptionOf(Path.GetFileName(picture)) ?? Path.GetFileName(picture));
        var jsonFiles = Directory.EnumerateFiles(context.OutputDirectory, "*.json")
            .Where(f => File.GetLastWriteTimeUtc(f) >= started).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        report.Heading("Numbers")
            .Table(["quantity", "value"], JsonFacts.Collect(json).Select(f => (IReadOnlyList<string>)[f.Path, f.Value]))
            .Paragraph($"All numbers, including the series behind the plots: {string.Join(", ", jsonFiles)} in {context.OutputDirectory}.");
        string index = Path.Combine(context.OutputDirectory, "index.html");
        report.Save(index);
        return index;
    }
}
