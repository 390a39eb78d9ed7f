using System.CommandLine;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Spectre.Console;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent study &lt;name&gt; [--out dir] [--seed n]</c>: runs one study (GAN dynamics, autoencoders, VAEs), writes its
/// pictures, JSON and an <c>index.html</c>, and prints its headline numbers; without a name, lists the studies.
/// </summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var command = new Command("study", "Run a study (GAN dynamics, autoencoder and VAE experiments) and write its pictures, numbers and index.html");
        var name = new Argument<string?>("name") { Description = "the study; leave out to list them", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "output directory (default: runs/study-<name>)" };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var dataDir = new Option<string?>("--data-dir") { Description = "directory with the Fashion-MNIST IDX files (default: $LATENT_DATA, then /usr/share/datasets/fashion-mnist)" };
        command.Arguments.Add(name);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(dataDir);
        command.SetAction(result => Run(result.GetValue(name), result.GetValue(output), result.GetValue(seed), result.GetValue(dataDir)));
        return command;
    }

    /// <summary>Runs the study called <paramref name="name"/>, or lists them all when it is null.</summary>
    internal static int Run(string? name, string? output, long seed, string? dataDir)
    {
        if (name == null) return List();
        var study = ModelCatalog.FindStudy(name);
        if (study == null)
        {
            Console.Error.WriteLine("latent study: " + Suggestions.UnknownMessage("study", name, ModelCatalog.Studies.Select(s => s.Name).ToList()) +
                " (`latent study` lists them all)");
            return 2;
        }
        if (seed < 0)
        {
            Console.Error.WriteLine($"latent study: --seed must be non-negative, got {seed}.");
            return 2;
        }
        try
        {
            var context = new StudyContext(Path.GetFullPath(output ?? Path.Combine(RunDirectory.DefaultRoot, "study-" + study.Name)), (ulong)seed,
                string.IsNullOrEmpty(dataDir) ? null : dataDir, progress: line => Console.WriteLine($"  … {line}"));
            Console.WriteLine($"Running study {study.Name}: {study.Title}{(study.TypicalDuration is { } d ? $" ({d} on two cores)" : "")} ...");
            var result = StudyRunner.Run(study, context);
            foreach (var (path, value) in result.Facts) Console.WriteLine($"  {path} = {value}");
            Console.WriteLine($"Done in {result.Elapsed.TotalSeconds:F0} s. Pictures, numbers and explanation:");
            Console.WriteLine(result.IndexPath);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"latent study {study.Name}: {e.Message}");
            return 2;
        }
    }

    private static int List()
    {
        var table = new Table().AddColumns(new TableColumn("study").NoWrap(), new TableColumn("what it shows"));
        foreach (var s in ModelCatalog.Studies)
            table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Title + (s.TypicalDuration is { } d ? $" ({d})" : "")));
        AnsiConsole.Write(table);
        Console.WriteLine("Run one with `latent study <name>`; results go to runs/study-<name>/index.html.");
        return 0;
    }
}
