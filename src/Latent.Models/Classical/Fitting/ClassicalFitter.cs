using System.Globalization;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical.Fitting;

/// <summary>
/// The fit loop of closed-form and EM models (the classical family's own, not the gradient <see cref="Trainer"/>): an
/// <see cref="IExpectationMaximizationModel"/> runs EM iterations — one pass over the training batches each — until the
/// objective rises by less than the tolerance, from several restarts, keeping the best; any other model is fitted in one
/// pass. Every iteration goes to <c>metrics.jsonl</c>; a drop of the objective beyond rounding stops the fit with an
/// error. The kept model is written as <c>checkpoints/last</c> in the format <see cref="TrainedRun.Open"/> reads, so
/// <c>latent eval</c> and <c>latent sample</c> work on the run; its pictures go to <c>samples/fit-*</c>.
/// </summary>
/// <example>
/// <code>
/// var setup = ModelCatalog.Find("gmm")!.Create(config);
/// var outcome = ClassicalFitter.Fit(setup, new FitSettings(Tolerance: 1e-5, Restarts: 3), run, config, Console.WriteLine);
/// FitReport.Write(run, "gmm", config, settings, outcome);
/// </code>
/// </example>
public static class ClassicalFitter
{
    /// <summary>The name of the checkpoint the fit writes.</summary>
    public const string CheckpointName = "last";

    /// <summary>The prefix of the pictures the fitted model writes into <c>samples/</c>.</summary>
    public const string SamplePrefix = "fit";

    /// <summary>Fits <paramref name="setup"/>'s model on its training data and writes the run.</summary>
    /// <param name="setup">The model and its data, as the catalog builds them.</param>
    /// <param name="settings">Tolerance, iteration limit, restarts.</param>
    /// <param name="run">The run directory (config.json is the caller's).</param>
    /// <param name="config">The configuration stored in the checkpoint.</param>
    /// <param name="progress">Hears one line per iteration and per restart.</param>
    /// <exception cref="ExpectationMaximizationException">An EM iteration lowered the objective beyond rounding.</exception>
    /// <exception cref="ArgumentException">See <see cref="Check"/>.</exception>
    public static FitOutcome Fit(TrainingSetup setup, FitSettings settings, RunDirectory run, JsonNode? config, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        Check(setup, settings);
        var model = setup.Model;
        string stem = run.CheckpointStem(CheckpointName);
        var loaderState = new Generator(settings.Seed).GetState();
        FitOutcome outcome;
        if (model is not IExpectationMaximizationModel em)
        {
            var (train, steps, _) = Pass(model, setup.Train);
            run.LogMetrics(steps, 1, train);
            progress?.Invoke("Closed form in one pass over the training data: " + Describe(train));
            TrainingCheckpoint.Save(stem, model, new TrainingPosition(steps, 1, 0, loaderState), config);
            outcome = new FitOutcome(true, [], [], 0, train, Evaluate(setup), stem);
        }
        else outcome = FitEm(setup, em, settings, run, config, stem, loaderState, progress);
        if (outcome.Test.Count > 0)
        {
            long lastStep = run.ReadMetrics() is { Count: > 0 } m ? m[^1].Step : 0;
            run.LogMetrics(lastStep, outcome.ClosedForm ? 1 : outcome.Iterations[outcome.BestRestart].Count,
                outcome.Test.ToDictionary(kv => "test_" + kv.Key, kv => kv.Value));
            progress?.Invoke("Held out: " + Describe(outcome.Test));
        }
        model.SetTraining(false);
        model.WriteSamples(run.SamplesDirectory, SamplePrefix);
        return outcome;
    }

    /// <summary>Checks that <paramref name="settings"/> make sense for <paramref name="setup"/>'s model, before anything is written.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or restarts are asked of a model fitted in closed form.</exception>
    public static void Check(TrainingSetup setup, FitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (setup.Model is not IExpectationMaximizationModel && settings.Restarts > 1)
            throw new ArgumentException($"Option --restarts {settings.Restarts}: this model is fitted in closed form, so one pass gives the only answer; leave --restarts at 1.");
    }

    private static FitOutcome FitEm(TrainingSetup setup, IExpectationMaximizationModel em, FitSettings settings, RunDirectory run, JsonNode? config,
        string stem, ulong[] loaderState, Action<string>? progress)
    {
        var model = setup.Model;
        var all = new List<IReadOnlyList<FitIteration>>();
        var converged = new List<bool>();
        int best = -1;
        double bestObjective = double.NegativeInfinity;
        IReadOnlyDictionary<string, double> bestTrain = new Dictionary<string, double>();
        long globalStep = 0;
        for (int r = 0; r < settings.Restarts; r++)
        {
            if (r > 0) em.Restart(settings.SeedOf(r));
            var iterations = new List<FitIteration>();
            bool done = false;
            long steps = 0;
            IReadOnlyDictionary<string, double> train = new Dictionary<string, double>();
            for (int it = 1; it <= settings.MaxIterations && !done; it++)
            {
                double logPrior = em.LogPrior; // of the parameters this E-step uses
                int before = em.LogLikelihoodHistory.Count;
                var (metrics, passSteps, examples) = Pass(model, setup.Train);
                steps += passSteps;
                globalStep += passSteps;
                if (em.LogLikelihoodHistory.Count != before + 1)
                    throw new InvalidOperationException($"{model.GetType().Name}: one pass over the training data did not complete one EM iteration.");
                double ll = em.LogLikelihoodHistory[^1];
                var current = new FitIteration(r, it, ll, ll + logPrior / examples);
                if (iterations.Count > 0)
                {
                    double previous = iterations[^1].Objective, change = current.Objective - previous;
                    if (change < -FitSettings.RelativeNoise * (1 + Math.Abs(previous)))
                        throw new ExpectationMaximizationException(string.Create(CultureInfo.InvariantCulture,
                            $"EM lowered its objective at restart {r + 1}, iteration {it}: {previous:R} → {current.Objective:R} nats per example. EM never does; this is a bug."));
                    done = change < settings.Tolerance;
                }
                iterations.Add(current);
                train = metrics;
                run.LogMetrics(globalStep, it, new Dictionary<string, double>
                {
                    ["restart"] = r + 1, ["log_likelihood"] = ll, ["objective"] = current.Objective,
                    ["change"] = iterations.Count > 1 ? current.Objective - iterations[^2].Objective : double.NaN,
                });
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"restart {r + 1}/{settings.Restarts} iteration {it}: log-likelihood {ll:F6} nats per example{(iterations.Count > 1 ? $" ({current.Objective - iterations[^2].Objective:+0.###E+0;-0.###E+0;0})" : "")}"));
            }
            all.Add(iterations);
            converged.Add(done);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"restart {r + 1}: {(done ? "converged" : "stopped at --max-iterations")} after {iterations.Count} iterations, objective {iterations[^1].Objective:F6}"));
            if (iterations[^1].Objective > bestObjective)
            {
                (best, bestObjective, bestTrain) = (r, iterations[^1].Objective, train);
                TrainingCheckpoint.Save(stem, model, new TrainingPosition(steps, iterations.Count, 0, loaderState), config);
            }
        }
        if (best != settings.Restarts - 1) TrainingCheckpoint.Load(stem, model);
        if (settings.Restarts > 1) progress?.Invoke($"Kept restart {best + 1} of {settings.Restarts} (highest final objective).");
        return new FitOutcome(false, all, converged, best, bestTrain, Evaluate(setup), stem);
    }

    private static IReadOnlyDictionary<string, double> Evaluate(TrainingSetup setup)
    {
        if (setup.Test == null) return new Dictionary<string, double>();
        setup.Model.SetTraining(false);
        return setup.Model.Evaluate(setup.Test);
    }

    // One pass: every batch's TrainStep, its metrics averaged with the batch sizes as weights.
    private static (IReadOnlyDictionary<string, double> Metrics, long Steps, int Examples) Pass(TrainableModel model, DataLoader data)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        long steps = 0;
        int examples = 0;
        foreach (var batch in data)
        {
            foreach (var (key, value) in model.TrainStep(batch)) sums[key] = sums.GetValueOrDefault(key) + value * batch.Size;
            examples += batch.Size;
            steps++;
        }
        if (examples == 0) throw new InvalidOperationException("The training data is empty.");
        return (sums.ToDictionary(kv => kv.Key, kv => kv.Value / examples), steps, examples);
    }

    private static string Describe(IReadOnlyDictionary<string, double> metrics)
        => string.Join(", ", metrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G6}")));
}
