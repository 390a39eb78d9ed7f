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
        DemoArchive.CheckReplaceable(settings.RunPath);

        var spec = ModelCatalog.Find(DemoSettings.Model) ?? throw new InvalidOperationException($"the model catalog has no '{DemoSettings.Model}'.");
        var config = TrainCommand.MergeConfig(spec, TrainCommand.OptionsFor(spec), null, null);
        config["epochs"] = settings.Epochs;
        config["seed"] = settings.Seed;
        config["runs-dir"] = settings.RunsDir;
        if (settings.TrainSize > 0) config["train-size"] = settings.TrainSize;
        if (settings.MaxSteps > 0) config["max-steps"] = settings.MaxSteps;
        if (settings.DataDir != null) config["data-dir"] = settings.DataDir;
        // The new demo trains beside the old one, which is replaced only once the new one is complete.
        string next = DemoArchive.NextPath(settings.RunPath);
        DemoArchive.Discard(next);
        config["run"] = Path.GetFileName(next);
        Console.WriteLine($"Training a VAE (workload W1) on Fashion-MNIST for {settings.Epochs} epochs into {settings.RunPath} ...");
        var clock = Stopwatch.StartNew();
        int code = 2;
        bool complete = false;
        try
        {
            (code, _, _) = TrainCommand.Train(spec, config, resume: false, resumable: false);
            complete = code == 0;
        }
        finally
        {
            if (!complete) DemoArchive.Discard(next); // a stopped or failed demo keeps nothing; the earlier one stays
        }
        if (!complete)
        {
            Console.Error.WriteLine(Directory.Exists(settings.RunPath)
                ? $"latent demo: stopped; the earlier demo in {settings.RunPath} is unchanged."
                : "latent demo: stopped; nothing was kept.");
            return code;
        }
        var trainingTime = clock.Elapsed;
        if (DemoArchive.Replace(settings.RunPath, next) is { } moved) Console.WriteLine(moved);
        var run = new RunDirectory(settings.RunPath);
        config["run"] = DemoSettings.RunName;
        run.WriteConfig(config);

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
