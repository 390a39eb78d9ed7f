using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>
/// A peer benchmark running as a child process (the bench/peers/pytorch/peer.py protocol): one command line in, one
/// JSON line out. The peer is either a PyTorch 1.13 script (<see cref="Start"/>) or the TorchSharp program on LibTorch
/// 2.10 (<see cref="StartLibTorch"/>).
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

    /// <summary>Which framework the peer runs: <c>pytorch</c> (Debian's 1.13) or <c>libtorch</c> (2.10 through TorchSharp).</summary>
    public string Framework { get; private init; } = "pytorch";

    /// <summary>The TorchSharp peer program, built by bench/run.sh (bench/peers/torchsharp).</summary>
    public static string LibTorchPeerPath => Path.Combine(EngineBench.FindRepoRoot(), "bench", "peers", "torchsharp",
        "bin", "Release", "net10.0", "linux-x64", "torchsharp-peer.dll");

    /// <summary>
    /// Starts the TorchSharp peer on <paramref name="workload"/> (<c>w1</c> … <c>w6</c>) and waits until it is ready.
    /// </summary>
    /// <exception cref="InvalidOperationException">The peer is not built, or it failed to start.</exception>
    public static PeerProcess StartLibTorch(string workload, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = LibTorchPeerPath;
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} not found; bench/run.sh builds it (dotnet build -c Release bench/peers/torchsharp)");
        return Launch(new ProcessStartInfo("dotnet", [path, workload]), workload, environment, "libtorch");
    }

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
        return Launch(new ProcessStartInfo(Python, [path]) { WorkingDirectory = Path.GetDirectoryName(path)! }, script, environment, "pytorch");
    }

    private static PeerProcess Launch(ProcessStartInfo psi, string name, IReadOnlyDictionary<string, string>? environment, string framework)
    {
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = false;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName} {name}");
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"the {framework} peer {name} exited before it was ready");
        return new PeerProcess(process, JsonNode.Parse(line)!.AsObject())
        {
            Configuration = environment is { Count: > 0 } ? string.Join(" ", environment.Select(kv => $"{kv.Key}={kv.Value}")) : "default",
            Framework = framework,
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
