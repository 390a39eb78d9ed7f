namespace Latent.Models.Style;

/// <summary>
/// The settings of deep dream (Mordvintsev, Olah and Tyka 2015): the layer whose activations are amplified, the
/// octaves (the image is dreamt at several scales, smallest first, the detail carried up), random jitter and
/// normalised gradient-ascent steps.
/// </summary>
public sealed record DeepDreamOptions
{
    /// <summary>The layer whose mean squared activation is increased.</summary>
    public string Layer { get; init; } = "layer3.0";

    /// <summary>The number of scales.</summary>
    public int Octaves { get; init; } = 3;

    /// <summary>The ratio between successive scales.</summary>
    public double OctaveScale { get; init; } = 1.4;

    /// <summary>Gradient-ascent steps at each scale.</summary>
    public int StepsPerOctave { get; init; } = 10;

    /// <summary>The step: the gradient divided by its mean absolute value, times this (pixels in [0, 1]).</summary>
    public double StepSize { get; init; } = 0.01;

    /// <summary>The largest random shift in pixels before each step (undone after it), so no pixel grid is favoured.</summary>
    public int Jitter { get; init; } = 16;

    /// <summary>The longer side of the dreamt image.</summary>
    public int Size { get; init; } = 224;

    /// <summary>Seed of the jitter.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Octaves < 1 || Octaves > 8) throw new ArgumentException($"Option --octaves must be between 1 and 8, got {Octaves}.");
        if (!(OctaveScale >= 1) || OctaveScale > 4) throw new ArgumentException($"Option --octave-scale must be between 1 and 4, got {OctaveScale}.");
        if (StepsPerOctave < 1) throw new ArgumentException($"Option --steps must be positive, got {StepsPerOctave}.");
        if (!(StepSize > 0) || !double.IsFinite(StepSize)) throw new ArgumentException($"Option --step-size must be positive, got {StepSize}.");
        if (Jitter < 0) throw new ArgumentException($"Option --jitter must be non-negative, got {Jitter}.");
        if (Size < 32 || Size > 1024) throw new ArgumentException($"Option --size must be between 32 and 1024 pixels, got {Size}.");
    }
}
