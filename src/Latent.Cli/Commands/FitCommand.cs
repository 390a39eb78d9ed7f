using System.CommandLine;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Classical.Fitting;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent fit &lt;model&gt; [options]</c>: closed-form and EM models fitted by their own loop (<see cref="ClassicalFitter"/>),
/// not by the gradient trainer: EM iterations to <c>--tolerance</c> from <c>--restarts</c> starts, the log-likelihood of
/// every iteration printed and logged, and a run directory that <c>latent eval</c> and <c>latent sample</c> read.
/// </summary>
internal static class FitCommand
{
    /// <summary>A model <c>latent fit</c> knows (a catalog model of the same name) and what it takes.</summary>
    private sealed record FitModel(string Name, string Summary);

    private static readonly FitModel[] Models =
    [
        new("gaussian-classifier", "Gaussian generative classifier in closed form (--covariance shared|per-class|naive-bayes); data: fashion-mnist through --pca-dim, or labelled toy sets (toy:ring8, toy:grid25, toy:moons, toy:circles)"),
        new("naive-bayes", "naive Bayes in closed form: --likelihood gaussian on fashion-mnist through --pca-dim or labelled toy sets, --likelihood bernoulli on binarized fashion-mnist pixels"),
        new("gmm", "Gaussian mixture by EM from k-means++ (--components, --covariance full|diagonal|spherical, --choose-components for BIC); data: toy 2-D sets or fashion-mnist through --pca-dim"),
        new("bernoulli-mixture", "mixture of Bernoullis by EM on binarized fashion-mnist (--components, --threshold, --pseudocount)"),
        new("markov", "k-th order Markov chain by counting (--order, --smoothing); data: the word list (words), sequences of the lecture's weather chain (weather), or a file of integer sequences"),
        new("hmm", "hidden Markov model by Baum-Welch on Hershey pen trajectories (--emission discrete|gaussian, --covariance diag|full, --topology left-to-right|full, --states)"),
    ];

    /// <summary>Options of the gradient trainer that mean nothing to a closed form or EM.</summary>
    private static readonly HashSet<string> TrainerOnly = ["epochs", "max-steps", "lr", "log-every", "checkpoint-every", "sample-every"];

    public static Command Create()
    {
        var fit = new Command("fit", "Fit a closed-form or EM model (its own loop: EM to a tolerance with restarts), writing a run directory that eval and sample read. Models: "
            + string.Join(", ", Models.Select(m => m.Name)));
        foreach (var model in Models) fit.Subcommands.Add(ModelCommand(model));
        // A name that is none of the models lands here, to be answered with the closest ones.
        var unknown = new Argument<string?>("model") { Description = "the model to fit", Arity = ArgumentArity.ZeroOrOne };
        fit.Arguments.Add(unknown);
        fit.TreatUnmatchedTokensAsErrors = false; // `latent fit gmn --components 3` is about the model, not the option
        fit.SetAction(result =>
        {
            var names = Models.Select(m => m.Name).ToList();
            Console.Error.WriteLine(result.GetValue(unknown) is { } name
                ? "latent fit: " + Suggestions.UnknownMessage("model", name, names) + " (`latent fit --help` says what each takes)"
                : $"latent fit: name a model: {string.Join(", ", names)} (`latent fit <model> --help` lists its options).");
            return 2;
        });
        return fit;
    }

    private static Command ModelCommand(FitModel model)
    {
        var spec = ModelCatalog.Find(model.Name) ?? throw new InvalidOperationException($"latent fit: catalog model '{model.Name}' is missing.");
        var command = new Command(model.Name, model.Summary);
        var options = spec.Options.Where(o => !TrainerOnly.Contains(o.Name)).Select(ConfigOption.Create).ToList();
        foreach (var o in options) command.Options.Add(o.Option);
        var defaults = new FitSettings();
        var tolerance = new Option<double>("--tolerance") { Description = "stop EM when an iteration raises the log-likelihood (+ log prior) per example by less than this (nats)", DefaultValueFactory = _ => defaults.Tolerance };
        var maxIterations = new Option<int>("--max-iterations") { Description = "at most this many EM iterations per restart", DefaultValueFactory = _ => defaults.MaxIterations };
        var restarts = new Option<int>("--restarts") { Description = "EM from this many initializations; the highest final log-likelihood is kept", DefaultValueFactory = _ => defaults.Restarts };
        var run = new Option<string>("--run") { Description = "run name: results go to <runs-dir>/<run> (default: the model name)", DefaultValueFactory = _ => "" };
        var runsDir = new Option<string>("--runs-dir") { Description = "directory that holds run directories", DefaultValueFactory = _ => RunDirectory.DefaultRoot };
        foreach (var o in new Option[] { tolerance, maxIterations, restarts, run, runsDir }) command.Options.Add(o);
        command.SetAction(result =>
        {
            string name = result.GetValue(run) is { Length: > 0 } given ? given : model.Name;
            try
            {
                var config = new JsonObject();
                foreach (var o in spec.Options) config[o.Name] = o.Default?.DeepClone();
                foreach (var o in options)
                    if (o.ExplicitValue(result) is { } v) config[o.Key] = v;
                config["model"] = spec.Name;
                config["run"] = name;
                config["runs-dir"] = result.GetValue(runsDir);
                var bound = spec.Bind(config);
                var settings = new FitSettings(result.GetValue(tolerance), result.GetValue(maxIterations), result.GetValue(restarts), (ulong)bound.Seed);
                settings.Validate(); // before any data is loaded
                return Fit(model, spec, bound, config, settings, RunDirectory.PathOf(name, result.GetValue(runsDir)!));
            }
            catch (ExpectationMaximizationException e)
            {
                Console.Error.WriteLine($"latent fit {model.Name}: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent fit {model.Name}: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Fit(FitModel model, ModelSpec spec, ModelOptions options, JsonObject config, FitSettings settings, string path)
    {
        if (Directory.Exists(path) && new RunDirectory(path).LatestCheckpointStem() != null)
            throw new InvalidOperationException($"'{path}' already holds a run; pass --run <name> to start another.");
        // Bad options and missing data fail here, before the run folder exists.
        var setup = spec.Create(options);
        ClassicalFitter.Check(setup, settings);
        var run = new RunDirectory(path);
        using var runLock = RunLock.Acquire(run);
        run.WriteConfig(config);
        Console.WriteLine($"Fitting {model.Name} ({spec.Summary}).");
        var outcome = ClassicalFitter.Fit(setup, settings, run, config, line => Console.WriteLine("  " + line));
        string index = FitReport.Write(run, model.Name, config, settings, outcome);
        Console.WriteLine($"Done. Run directory: {run.Path} (checkpoint {Path.GetFileName(outcome.Checkpoint)}, report {Path.GetFileName(index)}).");
        return 0;
    }
}
