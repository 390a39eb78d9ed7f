namespace Latent.Models.Style;

/// <summary>
/// The settings of class visualisation (Simonyan, Vedaldi and Zisserman 2014; the blur of Yosinski et al. 2015):
/// gradient ascent on one class score S_k(x) − λ‖x‖², with a Gaussian blur every few steps and the pixels kept in [0, 1].
/// </summary>
public sealed record ClassVisualizationOptions
{
    /// <summary>Ascent steps (Adam on the pixels).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Adam's learning rate on pixels in [0, 1].</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>λ, the weight of the L2 penalty ‖x‖² (per pixel, summed over the image).</summary>
    public double L2 { get; init; } = 0.1;

    /// <summary>Blur the image every this many steps (0: never).</summary>
    public int BlurEvery { get; init; } = 4;

    /// <summary>The standard deviation of the blur in pixels.</summary>
    public double BlurSigma { get; init; } = 0.7;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"Option --steps must be positive, got {Steps}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"Option --lr must be positive, got {LearningRate}.");
        if (!(L2 >= 0) || !double.IsFinite(L2)) throw new ArgumentException($"Option --l2 must be non-negative, got {L2}.");
        if (BlurEvery < 0) throw new ArgumentException($"Option --blur-every must be non-negative, got {BlurEvery}.");
        if (!(BlurSigma > 0) || BlurSigma > 5) throw new ArgumentException($"Option --blur-sigma must be in (0, 5], got {BlurSigma}.");
    }
}
