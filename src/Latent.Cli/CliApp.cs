namespace Latent.Cli;

/// <summary>Entry point of the <c>latent</c> command.</summary>
public static class CliApp
{
    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        Console.WriteLine("latent");
        return 0;
    }
}
