using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>
/// A PyTorch peer benchmark running as a child process (bench/peers/pytorch/peer.py protocol): one command line in,
/// one JSON line out.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    private PeerProcess(Process process, JsonObject hello)
    {
        _process = process;
        Hello = hello;
    }

    /// <summary>The peer's greeting (torch version, threads).</summary>
    public JsonObject Hello { get; }

    /// <summary>The environment variables this peer was started with beyond the inherited ones (its configuration name).</summary>
    public string Configuration { get; private init; } = "default";

    /// <summary>
    /// Starts <c>bench/peers/pytorch/&lt;script&gt;</c> and waits until it is ready; <paramref name="environment"/> adds
    /// variables (for example OPENBLAS_NUM_THREADS=1, which stops Debian's PyTorch from oversubscribing the cores with
    /// OpenBLAS threads inside its OpenMP regions).
    /// </summary>
    /// <exception cref="InvalidOperationException">Python or PyTorch is missing, or the peer failed to start.</exception>
    public static PeerProcess Start(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = Path.Combine(EngineBench.FindRepoRoot(), "bench", "peers", "pytorch", script);
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} not found; install the peer with: apt-get install python3-torch python3-numpy");
        var psi = new ProcessStartInfo(Python, [path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {path}");
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"{script} exited before it was ready (is python3-torch installed?)");
        return new PeerProcess(process, JsonNode.Parse(line)!.AsObject())
        {
            Configuration = environment is { Count: > 0 } ? string.Join(" ", environment.Select(kv => $"{kv.Key}={kv.Value}")) : "default",
        };
    }

    /// <summary>Runs <paramref name="count"/> timed steps in the peer and returns their durations in seconds.</summary>
    public double[] Steps(int count)
        => Send($"steps {count}")["times"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();

    /// <summary>Trains <paramref name="epochs"/> epochs in the peer and returns its per-epoch metrics.</summary>
    public JsonArray Epochs(int epochs) => Send($"epochs {epochs}")["epochs"]!.AsArray();

    private JsonObject Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"peer exited during '{command}'");
        var reply = JsonNode.Parse(line)!.AsObject();
        if (reply["error"] is { } error) throw new InvalidOperationException($"peer error: {error}");
        return reply;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
        }
        catch (IOException) { }
        _process.Dispose();
    }
}
