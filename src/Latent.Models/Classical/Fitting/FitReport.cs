using System.Globalization;
using System.Text.Json.Nodes;
using Latent.IO;

namespace Latent.Models.Classical.Fitting;

/// <summary>
/// What a fit leaves in its run directory beside config.json, metrics.jsonl and the checkpoint: <c>fit.json</c> (the
/// settings and the outcome of every restart), <c>log-likelihood.svg</c> (the objective per iteration, one line per
/// restart) and <c>index.html</c> showing them with every picture (and text sample) the model drew into <c>samples/</c>.
/// </summary>
public static class FitReport
{
    /// <summary>Writes fit.json, log-likelihood.svg (EM only) and index.html; returns the path of index.html.</summary>
    public static string Write(RunDirectory run, string model, JsonObject config, FitSettings settings, FitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        var json = ToJson(model, settings, outcome);
        AtomicFile.WriteJson(Path.Combine(run.Path, "fit.json"), json);
        var report = new HtmlReport($"latent fit {model}: {run.Name}");
        report.Paragraph(outcome.ClosedForm
            ? "Fitted in closed form: one pass over the training data accumulates the sufficient statistics and solves for the parameters."
            : $"Fitted by EM: at most {settings.MaxIterations} iterations per restart, stopping when the objective (log-likelihood + log prior per training example) " +
              $"rises by less than {settings.Tolerance.ToString("G", CultureInfo.InvariantCulture)} nats; {settings.Restarts} restart(s), restart {outcome.BestRestart + 1} kept.");
        if (!outcome.ClosedForm)
        {
            var plot = new LinePlot { Title = "EM objective per training example against iteration", XLabel = "iteration", YLabel = "nats per example" };
            foreach (var iterations in outcome.Iterations)
                plot.Add($"restart {iterations[0].Restart + 1}", iterations.Select(i => (double)i.Iteration).ToArray(), iterations.Select(i => i.Objective).ToArray());
            string curve = Path.Combine(run.Path, "log-likelihood.svg");
            plot.Save(curve);
            report.Picture(curve, "EM never lowers the objective; the kept restart has the highest final value.");
            report.Table(["restart", "iterations", "converged", "final log-likelihood", "final objective"],
                outcome.Iterations.Select((its, r) => (IReadOnlyList<string>)[(r + 1).ToString(CultureInfo.InvariantCulture),
                    its.Count.ToString(CultureInfo.InvariantCulture), outcome.Converged[r] ? "yes" : "no", Number(its[^1].LogLikelihood), Number(its[^1].Objective)]));
        }
        report.Heading("Metrics")
            .Table(["metric", "value"], outcome.Train.Select(kv => (IReadOnlyList<string>)["train " + kv.Key, Number(kv.Value)])
                .Concat(outcome.Test.Select(kv => (IReadOnlyList<string>)["test " + kv.Key, Number(kv.Value)])));
        var pictures = Directory.EnumerateFiles(run.SamplesDirectory, ClassicalFitter.SamplePrefix + "-*")
            .Where(f => Path.GetExtension(f) is ".png" or ".svg").Order(StringComparer.Ordinal).ToList();
        if (pictures.Count > 0) report.Heading("Pictures");
        foreach (var picture in pictures) report.Picture(picture, Path.GetFileName(picture));
        foreach (var text in Directory.EnumerateFiles(run.SamplesDirectory, ClassicalFitter.SamplePrefix + "-*.txt").Order(StringComparer.Ordinal))
            report.Heading(Path.GetFileName(text)).Code(File.ReadAllText(text));
        report.Heading("Configuration")
            .Table(["option", "value"], config.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value?.ToJsonString() ?? "null"]));
        string index = Path.Combine(run.Path, "index.html");
        report.Save(index);
        return index;
    }

    /// <summary>The settings and the outcome as JSON (fit.json).</summary>
    public static JsonObject ToJson(string model, FitSettings settings, FitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        static JsonObject Metrics(IReadOnlyDictionary<string, double> m) => new(m.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value))));
        var json = new JsonObject
        {
            ["model"] = model,
            ["method"] = outcome.ClosedForm ? "closed-form" : "em",
            ["tolerance"] = settings.Tolerance,
            ["max_iterations"] = settings.MaxIterations,
            ["restarts"] = settings.Restarts,
            ["seed"] = settings.Seed,
            ["train"] = Metrics(outcome.Train),
            ["test"] = Metrics(outcome.Test),
            ["checkpoint"] = Path.GetFileName(outcome.Checkpoint),
        };
        if (outcome.ClosedForm) return json;
        json["best_restart"] = outcome.BestRestart + 1;
        json["final_objective"] = outcome.FinalObjective;
        json["runs"] = new JsonArray(outcome.Iterations.Select((its, r) => (JsonNode?)new JsonObject
        {
            ["restart"] = r + 1,
            ["converged"] = outcome.Converged[r],
            ["log_likelihood"] = new JsonArray(its.Select(i => (JsonNode?)i.LogLikelihood).ToArray()),
            ["objective"] = new JsonArray(its.Select(i => (JsonNode?)i.Objective).ToArray()),
        }).ToArray());
        return json;
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
