using Latent.Models.Catalog;

namespace Latent.Models.Autoencoders;

/// <summary>The options of the stacked autoencoder: its layer sizes and the greedy pre-training budget.</summary>
public sealed record StackedAutoencoderOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 128.</summary>
    public StackedAutoencoderOptions() => BatchSize = 128;

    /// <summary>Hidden sizes from input to code; the last one is the code.</summary>
    [Option("layers", "hidden sizes from input to code, comma-separated (the last is the code)")]
    public int[] Layers { get; init; } = [256, 64];

    /// <summary>Greedy pre-training steps per layer before end-to-end fine-tuning.</summary>
    [Option("layer-steps", "greedy pre-training steps per layer before fine-tuning")]
    public int LayerSteps { get; init; } = 1000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Layers.Length > 0, "Option --layers needs at least one size.");
        Require(LayerSteps >= 0, $"Option --layer-steps must not be negative, got {LayerSteps}.");
    }
}
