using System.Text.Json.Nodes;
using Latent.Models.Common;

namespace Latent.Tests.Cli;

/// <summary><c>latent study</c>: name suggestions, listing, one cheap study end to end, and the numbers it reports.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class StudyCommandTests
{
    [Fact]
    public void UnknownStudySuggestsTheClosestName()
    {
        var (code, _, err) = ConsoleCapture.Cli("study", "dirca");
        Assert.Equal(2, code);
        Assert.Contains("Unknown study 'dirca'", err);
        Assert.Contains("'dirac'", err);
    }

    [Fact]
    public void WithoutANameEveryStudyIsListed()
    {
        var (code, output, _) = ConsoleCapture.Cli("study");
        Assert.Equal(0, code);
        foreach (var name in new[] { "minmax", "dirac", "lines", "optimal-d", "mode-collapse", "latent-objectives", "outliers", "denoise", "pretraining", "pca" })
            Assert.Contains(name, output);
    }

    [Fact]
    public void MinMaxStudyWritesItsJsonPictureAndPage()
    {
        var dir = Directory.CreateTempSubdirectory("latent-study-test");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "stale.svg"), "<svg/>");
            File.SetLastWriteTimeUtc(Path.Combine(dir.FullName, "stale.svg"), DateTime.UtcNow.AddHours(-1));
            var (code, output, err) = ConsoleCapture.Cli("study", "minmax", "--out", dir.FullName, "--seed", "3");
            Assert.True(code == 0, err);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "minmax.json")))!;
            double simultaneous = json["schemes"]!["simultaneous"]!["final_distance"]!.GetValue<double>();
            double alternating = json["schemes"]!["alternating"]!["final_distance"]!.GetValue<double>();
            Assert.True(simultaneous > 2 * alternating, $"simultaneous steps spiral out: {simultaneous} vs {alternating}");
            Assert.Contains("schemes.simultaneous.final_distance = ", output);
            string html = File.ReadAllText(Path.Combine(dir.FullName, "index.html"));
            Assert.Contains(Path.Combine(dir.FullName, "index.html"), output);
            Assert.Equal(1, html.Split("<svg").Length - 1);            // minmax.svg inline; the stale picture is not the study's
            Assert.Contains("min_x max_y x·y", html);
            Assert.Contains("<figcaption>paths of (x, y) under simultaneous and alternating gradient steps</figcaption>", html);
            Assert.Contains("<td>schemes.alternating.final_distance</td>", html);
            Assert.Contains("--seed 3", html);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void FactsKeepScalarsAndShortListsAndGatherFieldsOfObjectLists()
    {
        var json = JsonNode.Parse("""
            {"study": "x", "steps": 200, "rate": 0.125, "ok": true, "none": null,
             "start": [1, 1], "series": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17],
             "variants": {"a": {"runs": [{"seed": 1, "modes": 8, "per_mode": [1, 2]}, {"seed": 2, "modes": 5, "per_mode": [3, 4]}]}}}
            """);
        var facts = JsonFacts.Collect(json).ToDictionary(f => f.Path, f => f.Value);
        Assert.Equal("x", facts["study"]);
        Assert.Equal("200", facts["steps"]);
        Assert.Equal("0.125", facts["rate"]);
        Assert.Equal("true", facts["ok"]);
        Assert.Equal("null", facts["none"]);
        Assert.Equal("[1, 1]", facts["start"]);
        Assert.False(facts.ContainsKey("series"));                      // a long series is plot data, not a fact
        Assert.Equal("[1, 2]", facts["variants.a.runs[*].seed"]);
        Assert.Equal("[8, 5]", facts["variants.a.runs[*].modes"]);
        Assert.False(facts.ContainsKey("variants.a.runs[*].per_mode"));
    }
}
