using Latent.Cli;

namespace Latent.Tests.Cli;

/// <summary>Runs the command line or any action with standard output and error captured.</summary>
internal static class ConsoleCapture
{
    /// <summary>Runs <c>latent</c> with <paramref name="args"/>.</summary>
    public static (int Code, string Out, string Err) Cli(params string[] args) => Run(() => CliApp.Run(args));

    /// <summary>Runs <paramref name="action"/> and returns its result with what it printed.</summary>
    public static (int Code, string Out, string Err) Run(Func<int> action)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = action();
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
