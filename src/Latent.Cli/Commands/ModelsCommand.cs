using System.CommandLine;
using Latent.Models.Catalog;
using Spectre.Console;

namespace Latent.Cli.Commands;

/// <summary><c>latent models</c>: every model family with its status.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List every model with its family, features and status");
        command.SetAction(_ =>
        {
            // Names never wrap mid-word, also in a narrow or piped output; only the summary wraps.
            var table = new Table().AddColumns(new TableColumn("model").NoWrap(), new TableColumn("family").NoWrap(),
                new TableColumn("features").NoWrap(), new TableColumn("status").NoWrap(), new TableColumn("summary"));
            foreach (var m in ModelCatalog.All.OrderBy(m => m.Status).ThenBy(m => m.Family, StringComparer.Ordinal))
                table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Family), Markup.Escape(m.Features),
                    m.Status == ModelStatus.Available ? "[green]available[/]" : "[grey]planned[/]", Markup.Escape(m.Summary));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
