using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Classical;

/// <summary>The transitions a hidden Markov model may make.</summary>
public enum HmmTopology
{
    /// <summary>Start in state 0; each state stays or moves to the next (Bishop's left-to-right model).</summary>
    LeftToRight,

    /// <summary>Any state may follow any state.</summary>
    Full,
}

/// <summary>What an HMM's states emit.</summary>
public enum HmmEmission
{
    /// <summary>One of M symbols: the pen direction quantized to M sectors.</summary>
    Discrete,

    /// <summary>A Gaussian vector: the unit pen step (Δx, Δy).</summary>
    Gaussian,
}

/// <summary>The options of the pen-trajectory HMM: states, direction symbols, sequence length, which characters, how much jitter.</summary>
public sealed record HmmOptions : ModelOptions
{
    /// <summary>The lecture's experiment: 25 EM iterations (one per epoch), all sequences in one batch.</summary>
    public HmmOptions()
    {
        Epochs = 25;
        BatchSize = 1000;
    }

    /// <summary>The number of hidden states.</summary>
    [Option("states", "number of hidden states")]
    public int States { get; init; } = 16;

    /// <summary>The number of pen directions a step is quantized to.</summary>
    [Option("symbols", "number of pen directions a step is quantized to")]
    public int Symbols { get; init; } = 16;

    /// <summary>Pen steps per trajectory.</summary>
    [Option("steps", "pen steps per trajectory")]
    public int Steps { get; init; } = 32;

    /// <summary>Left-to-right or fully connected transitions.</summary>
    [Option("topology", "left-to-right or full transitions")]
    public HmmTopology Topology { get; init; } = HmmTopology.LeftToRight;

    /// <summary>Discrete pen directions or Gaussian pen steps.</summary>
    [Option("emission", "discrete (pen directions quantized to --symbols) or gaussian (unit pen steps (dx, dy))")]
    public HmmEmission Emission { get; init; } = HmmEmission.Discrete;

    /// <summary>The covariance of Gaussian emissions.</summary>
    [Option("covariance", "covariance of Gaussian emissions: diag (diagonal), full or spherical")]
    public CovarianceKind Covariance { get; init; } = CovarianceKind.Diagonal;

    /// <summary>The ridge added to every variance of Gaussian emissions in the M-step.</summary>
    [Option("variance-floor", "ridge added to every variance of Gaussian emissions")]
    public double VarianceFloor { get; init; } = 1e-3;

    /// <summary>The characters whose glyphs are the training data (one class each).</summary>
    [Option("characters", "characters whose glyphs are the training data")]
    public string Characters { get; init; } = "2";

    /// <summary>Jittered copies of each distinct glyph in the training set (the test set has half as many).</summary>
    [Option("copies", "jittered copies of each distinct glyph (test: half as many)")]
    public int Copies { get; init; } = 100;

    /// <summary>Standard deviation of the random affine map's rotation (radians), scales and shear.</summary>
    [Option("jitter", "standard deviation of the random rotation, scales and shear")]
    public double Jitter { get; init; } = 0.1;

    /// <summary>Pseudo-count added to every expected emission count, so that held-out pen directions are never impossible.</summary>
    [Option("emission-pseudocount", "added to every expected emission count (0: maximum likelihood)")]
    public double EmissionPseudocount { get; init; } = 0.1;

    /// <summary>The folder with the Hershey <c>.jhf</c> fonts.</summary>
    [Option("font-dir", "folder with the Hershey .jhf fonts (Debian hershey-fonts-data)")]
    public string FontDir { get; init; } = HersheyFont.DefaultDirectory;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(States >= 1, $"Option --states must be at least 1, got {States}.");
        Require(Symbols >= 2, $"Option --symbols must be at least 2, got {Symbols}.");
        Require(Steps >= 2, $"Option --steps must be at least 2, got {Steps}.");
        Require(Copies >= 2, $"Option --copies must be at least 2, got {Copies}.");
        Require(Characters.Length >= 1, "Option --characters must name at least one character.");
        Require(EmissionPseudocount >= 0, $"Option --emission-pseudocount must not be negative, got {EmissionPseudocount}.");
        Require(VarianceFloor > 0, $"Option --variance-floor must be positive, got {VarianceFloor}.");
        Require(Emission == HmmEmission.Gaussian || Covariance == CovarianceKind.Diagonal,
            $"Option --covariance {Covariance.ToString().ToLowerInvariant()} applies to Gaussian emissions; add --emission gaussian.");
        Require(Jitter >= 0, $"Option --jitter must not be negative, got {Jitter}.");
    }
}
