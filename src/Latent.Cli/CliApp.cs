using System.CommandLine;
using Latent.Cli.Commands;
using Latent.Models.Catalog;

namespace Latent.Cli;

/// <summary>Entry point of the <c>latent</c> command.</summary>
public static class CliApp
{
    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        // Tables and bars go to the current Console.Out; logs and pipes get plain text without colour codes.
        bool interactive = ConsoleProgress.IsInteractive;
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(Console.Out),
            Ansi = interactive ? Spectre.Console.AnsiSupport.Detect : Spectre.Console.AnsiSupport.No,
            ColorSystem = interactive ? Spectre.Console.ColorSystemSupport.Detect : Spectre.Console.ColorSystemSupport.NoColors,
            Interactive = interactive ? Spectre.Console.InteractionSupport.Yes : Spectre.Console.InteractionSupport.No,
        });
        var root = new RootCommand("Latent: deep generative models on a fast .NET tensor engine");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        if (UnknownName(root, args) is { } message)
        {
            Console.Error.WriteLine(message);
            return 2;
        }
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && UnknownOptions(result, args) is { } optionMessage)
        {
            Console.Error.WriteLine(optionMessage);
            return 2;
        }
        return result.Invoke();
    }

    /// <summary>An unknown command or model, with the closest valid names.</summary>
    private static string? UnknownName(RootCommand root, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return null;
        var commands = root.Subcommands.Select(c => c.Name).ToList();
        if (!commands.Contains(args[0])) return Suggestions.UnknownMessage("command", args[0], commands);
        if (args[0] == "train" && args.Length > 1 && !args[1].StartsWith('-') && ModelCatalog.Find(args[1]) == null)
            return Suggestions.UnknownMessage("model", args[1], ModelCatalog.All.Select(m => m.Name).ToList()) + " (`latent models` lists them all)";
        return null;
    }

    /// <summary>Unrecognized options of a command, with the closest options it has.</summary>
    private static string? UnknownOptions(ParseResult result, string[] args)
    {
        var command = result.CommandResult.Command;
        var valid = command.Options.Select(o => o.Name).Concat(command.Options.SelectMany(o => o.Aliases)).Distinct().ToList();
        var unknown = result.UnmatchedTokens.Where(t => t.StartsWith('-')).ToList();
        if (unknown.Count == 0) return null;
        string path = string.Join(" ", args.TakeWhile(a => !a.StartsWith('-')));
        return string.Join(Environment.NewLine, unknown.Select(t => $"latent {path}: " + Suggestions.UnknownMessage("option", t, valid)));
    }
}
