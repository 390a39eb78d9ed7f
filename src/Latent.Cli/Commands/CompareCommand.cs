using System.CommandLine;
using Latent.IO;
using Latent.Models.Metrics;

namespace Latent.Cli.Commands;

/// <summary><c>latent compare &lt;run&gt;...</c>: one sortable HTML page with the evaluated runs side by side.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var command = new Command("compare", "Write one sortable HTML page with evaluated runs side by side: sample grids, every metric of eval.json, family, steps, training time");
        var runs = new Argument<string[]>("run") { Description = "run directories (or names under runs/) that `latent eval` has scored", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "the page to write", DefaultValueFactory = _ => Path.Combine(RunDirectory.DefaultRoot, "compare.html") };
        command.Arguments.Add(runs);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            try
            {
                var dirs = result.GetValue(runs)!.Select(r => Directory.Exists(r) ? r : Path.Combine(RunDirectory.DefaultRoot, r)).ToList();
                string path = ComparisonPage.Write(ComparisonPage.Read(dirs), result.GetValue(output)!);
                Console.WriteLine($"Wrote {path}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"latent compare: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
