using System.CommandLine;
using System.Diagnostics;
using Latent.Cli.Demo;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent demo</c>: trains the W1 VAE on Fashion-MNIST into <c>runs/demo/</c> and writes its samples,
/// reconstructions, interpolations, traversal, latent scatter, loss curves and an <c>index.html</c> showing them.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Train a VAE on Fashion-MNIST in about a minute and write runs/demo/index.html with its pictures");
        var epochs = new Option<int>("--epochs") { Description = "passes over the 60,000 training images", DefaultValueFactory = _ => DemoSettings.DefaultEpochs };
        var runsDir = new Option<string>("--runs-dir") { Description = "directory that holds the demo/ run", DefaultValueFactory = _ => RunDirectory.DefaultRoot };
        var seed = new Option<long>("--seed") { Description = "random seed (same seed, same run)", DefaultValueFactory = _ => 1 };
        command.Options.Add(epochs);
        command.Options.Add(runsDir);
        command.Options.Add(seed);
        command.SetAction(result => Run(new DemoSettings(result.GetValue(epochs), result.GetValue(runsDir)!, result.GetValue(seed))));
        return command;
    }

    /// <summary>Runs the demo; errors are printed with the fix and give exit code 2.</summary>
    internal static int Run(DemoSettings settings)
    {
        try
        {
            return RunDemo(settings);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"latent demo: {e.Message}");
            return 2;
        }
    }

    private static int RunDemo(DemoSettings settings)
    {
        if (settings.Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, got {settings.Epochs}.");
        FashionMnist.FindDirectory(settings.DataDir); // fail before touching runs/ when the data is missing
        if (DemoArchive.MoveAside(settings.RunPath) is { } moved) Console.WriteLine(moved);

        var spec = ModelCatalog.Find(DemoSettings.Model) ?? throw new InvalidOperationException($"the model catalog has no '{DemoSettings.Model}'.");
        var config = TrainCommand.MergeConfig(spec, TrainCommand.OptionsFor(spec), null, null);
        config["epochs"] = settings.Epochs;
        config["seed"] = settings.Seed;
        config["run"] = DemoSettings.RunName;
        config["runs-dir"] = settings.RunsDir;
        if (settings.TrainSize > 0) config["train-size"] = settings.TrainSize;
        if (settings.MaxSteps > 0) config["max-steps"] = settings.MaxSteps;
        if (settings.DataDir != null) config["data-dir"] = settings.DataDir;
        Console.WriteLine($"Training a VAE (workload W1) on Fashion-MNIST for {settings.Epochs} epochs into {settings.RunPath} ...");
        var clock = Stopwatch.StartNew();
        var (code, _, run) = TrainCommand.Train(spec, config, resume: false);
        if (code != 0 || run == null) return code;
        var trainingTime = clock.Elapsed;

        var trained = TrainedRun.Open(run);
        string index = DemoReport.Write(trained, settings, trainingTime);
        var nelbo = new TrainingCurves(run.ReadMetrics()).PerEpoch("test_nelbo");
        if (nelbo.Count > 0)
            Console.WriteLine("Test NELBO per image by epoch: " + string.Join(", ", nelbo.Select(p => $"{p.Epoch}: {TrainingCurves.Format(p.Value)}")));
        Console.WriteLine($"Trained in {trainingTime.TotalSeconds:F0} s; pictures, loss curves and the per-epoch table are on the page:");
        Console.WriteLine(index);
        return 0;
    }
}
