using Latent.Models.Catalog;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The options of WaveNet (van den Oord et al., 2016): stacks of dilated causal convolutions with dilations 1, 2, 4,
/// …, <see cref="MaxDilation"/>, gated units, residual and skip connections, μ-law classes, optional global
/// conditioning on the spoken digit; and the clips it trains on.
/// </summary>
public sealed record WaveNetOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 8 clips.</summary>
    public WaveNetOptions() => BatchSize = 8;

    /// <summary>Repetitions of the dilation cycle 1 … max-dilation.</summary>
    [Option("stacks", "repetitions of the dilation cycle 1, 2, 4, ..., max-dilation")]
    public int Stacks { get; init; } = 2;

    /// <summary>The largest dilation of a cycle (a power of 2).</summary>
    [Option("max-dilation", "largest dilation of each cycle (a power of 2)")]
    public int MaxDilation { get; init; } = 512;

    /// <summary>Channels of the residual stream.</summary>
    [Option("residual-channels", "channels of the residual stream")]
    public int ResidualChannels { get; init; } = 24;

    /// <summary>Channels of the skip connections and the output head.</summary>
    [Option("skip-channels", "channels of the skip connections and the output head")]
    public int SkipChannels { get; init; } = 64;

    /// <summary>μ-law classes of a sample.</summary>
    [Option("quantization", "mu-law classes of a sample (256: 8-bit mu-law)")]
    public int Quantization { get; init; } = 256;

    /// <summary>Condition every layer on the digit (global conditioning).</summary>
    [Option("conditional", "condition every layer on the spoken digit (global conditioning)")]
    public bool Conditional { get; init; }

    /// <summary>Samples per clip (at 8 kHz): longer clips are cut, shorter ones padded with silence.</summary>
    [Option("clip-length", "samples per clip at 8 kHz (longer clips are cut, shorter padded with silence)")]
    public int ClipLength { get; init; } = 6144;

    /// <summary>Train on random windows of this many samples of each clip; 0 trains on whole clips.</summary>
    [Option("crop", "train on random windows of this many samples, each read with its receptive field of context before it (0: whole clips)")]
    public int Crop { get; init; } = 1024;

    /// <summary>
    /// Standard deviation, in μ-law classes, of Gaussian noise added to the past samples the network reads while
    /// training (the targets stay clean); 0 is off. A generating network reads its own draws, which are never as clean
    /// as the data: trained on perturbed pasts it learns to correct the errors instead of compounding them (LPCNet's
    /// noise injection, Valin and Skoglund, 2019).
    /// </summary>
    [Option("input-noise", "std. dev., in mu-law classes, of noise added to the past samples the network reads in training (targets stay clean; 0: off)")]
    public double InputNoise { get; init; }

    /// <summary>Samples generated per clip by <c>latent sample</c> and the sample files (0: the clip length).</summary>
    [Option("generate-length", "samples generated per clip (0: the clip length)")]
    public int GenerateLength { get; init; }

    /// <summary>The dilations of every layer, in order.</summary>
    public int[] Dilations()
    {
        var cycle = new List<int>();
        for (int d = 1; d <= MaxDilation; d *= 2) cycle.Add(d);
        return [.. Enumerable.Repeat(cycle, Stacks).SelectMany(c => c)];
    }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Stacks >= 1, $"Option --stacks must be at least 1, got {Stacks}.");
        Require(MaxDilation >= 1 && (MaxDilation & (MaxDilation - 1)) == 0, $"Option --max-dilation must be a power of 2, got {MaxDilation}.");
        Require(ResidualChannels > 0, $"Option --residual-channels must be positive, got {ResidualChannels}.");
        Require(SkipChannels > 0, $"Option --skip-channels must be positive, got {SkipChannels}.");
        Require(Quantization is >= 2 and <= 65536, $"Option --quantization must be between 2 and 65536, got {Quantization}.");
        Require(ClipLength >= 2, $"Option --clip-length must be at least 2, got {ClipLength}.");
        Require(Crop >= 0 && Crop <= ClipLength, $"Option --crop must be between 0 and --clip-length ({ClipLength}), got {Crop}.");
        Require(InputNoise >= 0 && double.IsFinite(InputNoise), $"Option --input-noise must be a finite non-negative number, got {InputNoise}.");
        Require(GenerateLength >= 0, $"Option --generate-length must not be negative, got {GenerateLength}.");
    }
}
