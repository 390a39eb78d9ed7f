using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Latent.Models.Common;

/// <summary>What running a study produced: its numbers, its page, how long it took and the headline facts.</summary>
/// <param name="Json">The numbers the study returned.</param>
/// <param name="IndexPath">Its <c>index.html</c>.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="Facts">The headline values of <paramref name="Json"/> (see <see cref="JsonFacts"/>).</param>
public sealed record StudyResult(JsonObject Json, string IndexPath, TimeSpan Elapsed, IReadOnlyList<(string Path, string Value)> Facts);

/// <summary>Runs a study and writes its page.</summary>
public static class StudyRunner
{
    /// <summary>Runs <paramref name="study"/> in <paramref name="context"/> and writes its <c>index.html</c>.</summary>
    public static StudyResult Run(Study study, StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(context);
        var started = DateTime.UtcNow.AddSeconds(-2); // file times are coarser than the clock
        var clock = Stopwatch.StartNew();
        var json = study.Run(context);
        var index = StudyReport.Write(study, context, json, started, clock.Elapsed);
        return new StudyResult(json, index, clock.Elapsed, JsonFacts.Collect(json));
    }
}
