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
        SetName(root, "latent"); // usage lines say `latent`, not the assembly's name
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(CompleteCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(StyleCommand.Create());
        root.Subcommands.Add(TextureCommand.Create());
        root.Subcommands.Add(DreamCommand.Create());
        root.Subcommands.Add(VisualizeCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(AttackCommand.Create());
        args = TrainCommand.ExpandRunReference(args);
        if (UnknownName(root, args) is { } message)
        {
            Console.Error.WriteLine(message);
            return 2;
        }
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // Every usage error exits 2 with a message in words, not the help page and a .NET type name.
            Console.Error.WriteLine(UnknownOptions(result, args) ?? ParseErrors(result, args));
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
        if (args[0] == "train" && args.Length > 1 && !args[1].StartsWith('-') && ModelCatalog.Find(args[1]) == null && args.Contains("--resume"))
            return $"latent train: '{args[1]}' is neither a model nor a run directory with a config.json (a run is found by its path or by its name under --runs-dir).";
        if (args[0] == "train" && args.Length > 1 && !args[1].StartsWith('-') && ModelCatalog.Find(args[1]) == null)
            return Suggestions.UnknownMessage("model", args[1], ModelCatalog.All.Select(m => m.Name).ToList()) + " (`latent models` lists them all)";
        return null;
    }

    /// <summary>The parser's errors, with .NET type names replaced by what the value should look like.</summary>
    private static string ParseErrors(ParseResult result, string[] args)
    {
        string path = string.Join(" ", args.TakeWhile(a => !a.StartsWith('-')));
        return string.Join(Environment.NewLine, result.Errors.Select(e => $"latent {path}: " + Words(e.Message)));
    }

    private static string Words(string message) => message
        .Replace("expected type 'System.Int64'", "a whole number", StringComparison.Ordinal)
        .Replace("expected type 'System.Int32'", "a whole number", StringComparison.Ordinal)
        .Replace("expected type 'System.Nullable`1[System.Int64]'", "a whole number", StringComparison.Ordinal)
        .Replace("expected type 'System.Double'", "a number", StringComparison.Ordinal)
        .Replace("expected type 'System.Nullable`1[System.Double]'", "a number", StringComparison.Ordinal)
        .Replace("expected type 'System.Boolean'", "true or false", StringComparison.Ordinal);

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

    private static void SetName(Command command, string name)
    {
        // System.CommandLine names the root command after the executable; the CLI runs as `latent`.
        var property = typeof(Symbol).GetProperty(nameof(Symbol.Name));
        if (property?.SetMethod != null) property.SetValue(command, name);
        else typeof(Symbol).GetField("<Name>k__BackingField", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.SetValue(command, name);
    }
}
