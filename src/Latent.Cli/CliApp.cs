using System.CommandLine;
using Latent.Cli.Commands;

namespace Latent.Cli;

/// <summary>Entry point of the <c>latent</c> command.</summary>
public static class CliApp
{
    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("Latent: deep generative models on a fast .NET tensor engine");
        root.Subcommands.Add(DoctorCommand.Create());
        return root.Parse(args).Invoke();
    }
}
