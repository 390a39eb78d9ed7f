using Latent.IO;

namespace Latent.Cli.Demo;

/// <summary>What <c>latent demo</c> trains: the W1 VAE on Fashion-MNIST, with a few knobs for quick runs and tests.</summary>
/// <param name="Epochs">Passes over the training images.</param>
/// <param name="RunsDir">The folder that holds <c>demo/</c>.</param>
/// <param name="Seed">The random seed of the run.</param>
/// <param name="TrainSize">Train on the first N images only (0: all 60,000).</param>
/// <param name="MaxSteps">Stop after this many optimizer steps (0: no limit).</param>
/// <param name="DataDir">The Fashion-MNIST directory, or null for the default places.</param>
/// <param name="ScatterPoints">Test images encoded for the latent scatter.</param>
internal sealed record DemoSettings(
    int Epochs = DemoSettings.DefaultEpochs,
    string RunsDir = RunDirectory.DefaultRoot,
    long Seed = 1,
    int TrainSize = 0,
    int MaxSteps = 0,
    string? DataDir = null,
    int ScatterPoints = 2000)
{
    /// <summary>Ten epochs: test NELBO near 244 nats, about a minute on two cores.</summary>
    public const int DefaultEpochs = 10;

    /// <summary>The run's name under <see cref="RunsDir"/>.</summary>
    public const string RunName = "demo";

    /// <summary>The catalog model the demo trains.</summary>
    public const string Model = "vae";

    /// <summary>The run directory, <c>&lt;runs-dir&gt;/demo</c>.</summary>
    public string RunPath => Path.GetFullPath(Path.Combine(RunsDir, RunName));
}
