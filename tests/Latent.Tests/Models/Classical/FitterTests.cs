using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Classical;
using Latent.Models.Classical.Fitting;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Models.Classical;

/// <summary><see cref="ClassicalFitter"/>: EM to a tolerance with restarts, the objective checked every iteration, a checkpoint the catalog reopens.</summary>
public sealed class FitterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"latent-fit-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static JsonObject MoonsConfig() => new() { ["model"] = "gmm", ["data"] = "toy:moons", ["toy-samples"] = 600, ["components"] = 5, ["seed"] = 3 };

    [Fact]
    public void EmRestartsKeepTheBestFitAndTheCheckpointReopensIt()
    {
        var config = MoonsConfig();
        var spec = ModelCatalog.Find("gmm")!;
        var setup = spec.Create(config);
        var run = new RunDirectory(_dir);
        run.WriteConfig(config);
        var settings = new FitSettings(Tolerance: 1e-7, MaxIterations: 200, Restarts: 3, Seed: 3);
        var outcome = ClassicalFitter.Fit(setup, settings, run, config);
        Assert.False(outcome.ClosedForm);
        Assert.Equal(3, outcome.Iterations.Count);
        foreach (var iterations in outcome.Iterations)
            for (int i = 1; i < iterations.Count; i++)
                Assert.True(iterations[i].Objective >= iterations[i - 1].Objective - 1e-12, $"restart {iterations[i].Restart + 1}, iteration {i + 1}");
        // The kept restart is the one with the highest final objective, and the restarts did start differently.
        var finals = outcome.Iterations.Select(its => its[^1].Objective).ToArray();
        Assert.Equal(finals.Max(), outcome.FinalObjective);
        Assert.Equal(Array.IndexOf(finals, finals.Max()), outcome.BestRestart);
        Assert.True(outcome.Iterations.Select(its => its[0].LogLikelihood).Distinct().Count() > 1, "every restart started from the same mixture");
        // The model in memory is the kept one, and the checkpoint reopens to the same held-out likelihood.
        var model = (GaussianMixtureModel)setup.Model;
        Assert.Equal(outcome.Iterations[outcome.BestRestart].Count, model.LogLikelihoodHistory.Count);
        var reopened = TrainedRun.Open(run);
        Assert.Equal(outcome.Test["nll"], reopened.Setup.Model.Evaluate(reopened.Setup.Test!)["nll"], 1e-12);
        // One metrics line per iteration of every restart, then the held-out line.
        var metrics = run.ReadMetrics();
        Assert.Equal(outcome.Iterations.Sum(its => its.Count) + 1, metrics.Count);
        Assert.Equal(outcome.Test["nll"], metrics[^1].Values["test_nll"]);
        Assert.True(File.Exists(run.SamplePath("fit-mixture.svg")));
    }

    [Fact]
    public void ToleranceStopsEmAndTheIterationLimitDoesNotCountAsConvergence()
    {
        var spec = ModelCatalog.Find("gmm")!;
        var loose = ClassicalFitter.Fit(spec.Create(MoonsConfig()), new FitSettings(Tolerance: 1e-2, MaxIterations: 500), new RunDirectory(Path.Combine(_dir, "a")), null);
        var capped = ClassicalFitter.Fit(spec.Create(MoonsConfig()), new FitSettings(Tolerance: 0, MaxIterations: 4), new RunDirectory(Path.Combine(_dir, "b")), null);
        var its = loose.Iterations[0];
        Assert.True(loose.Converged[0]);
        Assert.True(its[^1].Objective - its[^2].Objective < 1e-2);
        for (int i = 1; i < its.Count - 1; i++) Assert.True(its[i].Objective - its[i - 1].Objective >= 1e-2, $"iteration {i + 1} rose by less than the tolerance but did not stop");
        Assert.False(capped.Converged[0]);
        Assert.Equal(4, capped.Iterations[0].Count);
    }

    [Fact]
    public void AClosedFormIsOnePassAndRefusesRestarts()
    {
        var spec = ModelCatalog.Find("gaussian-classifier")!;
        var config = new JsonObject { ["data"] = "toy:moons", ["toy-samples"] = 400, ["covariance"] = "quadratic" };
        var outcome = ClassicalFitter.Fit(spec.Create(config), new FitSettings(), new RunDirectory(_dir), config);
        Assert.True(outcome.ClosedForm);
        Assert.InRange(outcome.Test["accuracy"], 0.8, 1);
        var e = Assert.Throws<ArgumentException>(() => ClassicalFitter.Check(spec.Create(config), new FitSettings(Restarts: 2)));
        Assert.Contains("--restarts", e.Message);
        e = Assert.Throws<ArgumentException>(() => new FitSettings(Tolerance: -1).Validate());
        Assert.Contains("--tolerance", e.Message);
    }

    [Fact]
    public void AnEmStepThatLowersTheObjectiveStopsTheFitLoudly()
    {
        var points = Tensor.Zeros(10, 2);
        var setup = new TrainingSetup(new DescendingModel([-1.0, -0.5, -0.8, -0.2]), new DataLoader(points, new int[10], 5, shuffle: false), null);
        var e = Assert.Throws<ExpectationMaximizationException>(() => ClassicalFitter.Fit(setup, new FitSettings(Tolerance: 0), new RunDirectory(_dir), null));
        Assert.Contains("iteration 3", e.Message);
        Assert.Contains("-0.5", e.Message);
        // A drop within rounding of the objective's size is not an error.
        var noise = new TrainingSetup(new DescendingModel([-1.0, -0.5, -0.5 - 1e-9, -0.4]), new DataLoader(points, new int[10], 5, shuffle: false), null);
        var outcome = ClassicalFitter.Fit(noise, new FitSettings(Tolerance: 0, MaxIterations: 4), new RunDirectory(Path.Combine(_dir, "noise")), null);
        Assert.Equal(3, outcome.Iterations[0].Count); // no rise at all: converged
        Assert.True(outcome.Converged[0]);
    }

    // A fake EM model whose iterations report the given log-likelihoods, one per pass of two batches.
    private sealed class DescendingModel(double[] logLikelihoods) : TrainableModel(new Generator(1)), IExpectationMaximizationModel
    {
        private readonly List<double> _history = [];
        private int _batches;

        public IReadOnlyList<double> LogLikelihoodHistory => _history;

        public double LogPrior => 0;

        public void Restart(ulong seed) => _history.Clear();

        public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

        public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

        public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
        {
            if (++_batches % 2 == 0) _history.Add(logLikelihoods[Math.Min(_history.Count, logLikelihoods.Length - 1)]);
            return new Dictionary<string, double> { ["loss"] = 0 };
        }
    }
}
