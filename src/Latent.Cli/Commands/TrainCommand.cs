using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Distributed;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Training;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent train &lt;model&gt; [options]</c>: one subcommand per model with the common options and the model's own;
/// a JSON file given with <c>--config</c> sets any of them and explicit options override it.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Where a run lives: options of the command line, not of any model (they are kept in config.json too).</summary>
    private static readonly OptionDescriptor[] RunOptions =
    [
        new("run", "run name: results go to <runs-dir>/<run> (default: the model name)", typeof(string), ""),
        new("runs-dir", "directory that holds run directories", typeof(string), RunDirectory.DefaultRoot),
    ];

    public static Command Create()
    {
        var train = new Command("train", "Train a model; `latent models` lists them");
        foreach (var spec in ModelCatalog.All) train.Subcommands.Add(ModelCommand(spec));
        return train;
    }

    /// <summary>All configuration keys a model accepts, with defaults: the model's options, then where the run lives.</summary>
    public static List<ConfigOption> OptionsFor(ModelSpec spec)
        => [.. spec.Options.Concat(RunOptions).Select(ConfigOption.Create)];

    private static Command ModelCommand(ModelSpec spec)
    {
        var command = new Command(spec.Name, $"{spec.Summary} ({spec.Family}{(spec.Features.Length > 0 ? ", " + spec.Features : "")}){(spec.Status == ModelStatus.Planned ? " [planned]" : "")}");
        var options = OptionsFor(spec);
        foreach (var o in options) command.Options.Add(o.Option);
        var resume = new Option<bool>("--resume") { Description = "continue the run from its latest checkpoint" };
        var config = new Option<FileInfo?>("--config") { Description = "JSON file with option values (command-line options override it)" };
        var distributed = new Option<bool>("--distributed") { Description = "train data-parallel over MPI ranks (default: when started by mpirun); --distributed false trains every process alone" };
        var syncBatchNorm = new Option<bool>("--sync-batch-norm") { Description = "data-parallel: batch norm uses the statistics of the whole global batch, summed over the ranks (default: each rank's own)" };
        command.Options.Add(resume);
        command.Options.Add(config);
        command.Options.Add(distributed);
        command.Options.Add(syncBatchNorm);
        command.SetAction(result =>
        {
            try
            {
                bool resuming = result.GetValue(resume);
                var requested = RequestedConfig(spec, options, result, result.GetValue(config));
                var parallel = new ParallelRequest(result.GetResult(distributed) is { Implicit: false } ? result.GetValue(distributed) : null, result.GetValue(syncBatchNorm));
                return Train(spec, resuming ? requested : WithDefaults(options, requested), resuming, parallel: parallel).ExitCode;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent train {spec.Name}: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>latent train &lt;run&gt; --resume …</c> as <c>latent train &lt;model&gt; --run NAME --runs-dir DIR --resume …</c>: a
    /// run directory (a path, or a name under <c>--runs-dir</c>, default <c>runs/</c>) in place of the model is
    /// continued with the model its <c>config.json</c> names. Other command lines are returned as they are.
    /// </summary>
    internal static string[] ExpandRunReference(string[] args)
    {
        if (args.Length < 2 || args[0] != "train" || args[1].StartsWith('-') || ModelCatalog.Find(args[1]) != null || !args.Contains("--resume")) return args;
        int runsDirAt = Array.IndexOf(args, "--runs-dir");
        string? runsDir = runsDirAt > 0 && runsDirAt + 1 < args.Length ? args[runsDirAt + 1] : null;
        string dir = Directory.Exists(args[1]) && runsDir == null ? args[1] : Path.Combine(runsDir ?? RunDirectory.DefaultRoot, args[1]);
        string configPath = Path.Combine(dir, "config.json");
        if (!File.Exists(configPath)) return args;
        string? model;
        try { model = JsonNode.Parse(File.ReadAllText(configPath))?["model"]?.GetValue<string>(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return args; }
        if (model == null || ModelCatalog.Find(model) == null) return args;
        var full = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        var rest = args.Skip(2).Where((_, i) => runsDirAt < 0 || (i + 2 != runsDirAt && i + 2 != runsDirAt + 1));
        return ["train", model, "--run", Path.GetFileName(full), "--runs-dir", Path.GetDirectoryName(full)!, .. rest];
    }

    /// <summary>Defaults, then the config file, then explicit command-line options.</summary>
    public static JsonObject MergeConfig(ModelSpec spec, List<ConfigOption> options, ParseResult? result, FileInfo? file)
        => WithDefaults(options, RequestedConfig(spec, options, result, file));

    /// <summary>Only what the user asked for: the config file's values, then explicit command-line options.</summary>
    public static JsonObject RequestedConfig(ModelSpec spec, List<ConfigOption> options, ParseResult? result, FileInfo? file)
    {
        var requested = new JsonObject();
        if (file != null)
        {
            if (!file.Exists) throw new IOException($"config file '{file.FullName}' does not exist.");
            JsonNode? node;
            try { node = JsonNode.Parse(File.ReadAllText(file.FullName)); }
            catch (JsonException e) { throw new InvalidDataException($"config file '{file.FullName}' is not valid JSON: {e.Message}"); }
            if (node is not JsonObject obj) throw new InvalidDataException($"config file '{file.FullName}' must hold a JSON object.");
            var keys = options.Select(o => o.Key).ToList();
            foreach (var (key, value) in obj)
            {
                if (key == "model") continue;
                if (!keys.Contains(key))
                    throw new ArgumentException($"config file '{file.Name}': " + Suggestions.UnknownMessage($"option for {spec.Name}", key, keys));
                requested[key] = value?.DeepClone();
            }
        }
        if (result != null)
            foreach (var o in options)
                if (o.ExplicitValue(result) is { } v) requested[o.Key] = v;
        requested["model"] = spec.Name;
        return requested;
    }

    private static JsonObject WithDefaults(List<ConfigOption> options, JsonObject requested)
    {
        var merged = new JsonObject();
        foreach (var o in options) merged[o.Key] = o.Default?.DeepClone();
        foreach (var (key, value) in requested) merged[key] = value?.DeepClone();
        return merged;
    }

    /// <summary>Trains <paramref name="spec"/> with a merged configuration; used by <c>train</c> and <c>demo</c>.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="config">The merged configuration (or, when resuming, only what was asked for now).</param>
    /// <param name="resume">Continue the run from its checkpoint.</param>
    /// <param name="resumable">Whether a cancelled run can be continued with --resume (the cancellation message says so).</param>
    /// <param name="parallel">Whether to train data-parallel over MPI (default: when started by mpirun), and how.</param>
    public static (int ExitCode, TrainingResult? Result, RunDirectory? Run) Train(ModelSpec spec, JsonObject config, bool resume,
        bool resumable = true, ParallelRequest? parallel = null)
    {
        parallel ??= new ParallelRequest(null, false);
        if (spec.Status != ModelStatus.Available)
        {
            Console.Error.WriteLine($"Model '{spec.Name}' ({spec.Family}, {spec.Features}) is planned but not built yet; `latent models` shows what is available.");
            return (2, null, null);
        }
        string runName = NonEmpty(config["run"]) ?? spec.Name;
        string root = NonEmpty(config["runs-dir"]) ?? RunDirectory.DefaultRoot;
        string path = RunDirectory.PathOf(runName, root); // checks the name; creates nothing
        bool hasCheckpoint = Directory.Exists(path) && new RunDirectory(path).LatestCheckpointStem() != null;
        if (!resume && hasCheckpoint)
            throw new InvalidOperationException($"'{path}' already holds a run; pass --resume to continue it or --run <name> to start another.");
        if (resume)
        {
            if (!hasCheckpoint) throw new InvalidOperationException($"cannot resume: '{path}' holds no checkpoint.");
            var stored = new RunDirectory(path).ReadConfig() as JsonObject
                ?? throw new InvalidDataException($"cannot resume: '{Path.Combine(path, "config.json")}' is missing or not a JSON object.");
            config = ResumedConfig.Reconcile(spec, stored, config);
        }
        var options = spec.Bind(config);
        // Everything that can fail on bad options or missing data runs before the run folder is created.
        var setup = spec.Create(options);
        var run = new RunDirectory(path);
        // Under mpirun every rank trains its shard of each batch; rank 0 alone holds the run's lock and writes.
        using var world = parallel.OpenWorld();
        bool writes = world is not { IsRoot: false };
        using var runLock = writes ? RunLock.Acquire(run) : null;
        if (writes) run.WriteConfig(config);
        var trainerOptions = new TrainerOptions
        {
            Epochs = options.Epochs,
            MaxSteps = options.MaxSteps,
            LogEvery = options.LogEvery,
            CheckpointEvery = options.CheckpointEvery,
            SampleEvery = options.SampleEvery,
            Resume = resume,
            ResumeHint = resumable ? new TrainerOptions().ResumeHint : null,
            World = world,
            SyncBatchNorm = parallel.SyncBatchNorm,
        };
        using var cancel = new CancellationTokenSource();
        int signalExit = 130;
        // SIGINT (Ctrl+C) and SIGTERM (kill, a container stop, a scheduler's time limit) both finish the step, write a
        // checkpoint and exit cleanly.
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop(130));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop(143));
        if (world is { IsRoot: true })
            Console.WriteLine(world.Size == 1 ? "Data-parallel over 1 MPI rank: it trains on whole batches."
                : $"Data-parallel over {world.Size} MPI ranks: each takes 1/{world.Size} of every batch of {options.BatchSize}; batch norm {(parallel.SyncBatchNorm ? "synchronised over the ranks" : "local to each rank")}.");
        if (parallel.SyncBatchNorm && world is not { Size: > 1 } && writes)
            Console.WriteLine("--sync-batch-norm: one process trains on whole batches, so batch norm sees the whole batch anyway.");
        var result = writes
            ? new ConsoleProgress($"train {spec.Name}").Run(p => new Trainer(setup.Model, setup.Train, run, trainerOptions, setup.Test, p, config).Run(cancel.Token))
            : new Trainer(setup.Model, setup.Train, run, trainerOptions, setup.Test, null, config).Run(cancel.Token);
        // The trainer has already reported a cancellation or divergence through the progress display.
        if (result.Outcome == TrainingOutcome.Completed && writes)
            Console.WriteLine($"Done: {result.Steps} steps. Run directory: {run.Path} (checkpoint {result.Checkpoint}).");
        return (result.Outcome switch { TrainingOutcome.Completed => 0, TrainingOutcome.Cancelled => signalExit, _ => 1 }, result, run);

        Action<PosixSignalContext> Stop(int exitCode) => context =>
        {
            context.Cancel = true;
            signalExit = exitCode;
            cancel.Cancel();
        };
    }

    private static string? NonEmpty(JsonNode? node) => node?.ToString() is { Length: > 0 } s ? s : null;
}
