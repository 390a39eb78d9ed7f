using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// Deep dream: gradient ascent on an image to increase ½·mean(a²) of one layer's activations a, with octaves,
/// jitter and steps normalised by the gradient's mean absolute value. Whatever the layer responds to a little in
/// the photograph, it is made to respond to more.
/// </summary>
public static class DeepDream
{
    /// <summary>The objective ½·mean(a²) of <paramref name="layer"/> for <paramref name="image"/> (with its graph).</summary>
    public static Tensor Objective(IImageFeatureNetwork network, Tensor image, string layer)
    {
        ArgumentNullException.ThrowIfNull(network);
        var a = network.Activations(image, [layer])[layer];
        return (a * a).Mean() * 0.5f;
    }

    /// <summary>
    /// One normalised ascent step at a jitter shift (dy, dx): the image rolled by the shift, the gradient of the
    /// objective, rolled back; returns image + step·g / mean|g| clamped to [0, 1], and the objective before the step.
    /// </summary>
    public static (Tensor Image, double Objective) Step(IImageFeatureNetwork network, Tensor image, string layer, double stepSize, int dy = 0, int dx = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        var shifted = Roll(image.Detach(), dy, dx).RequireGrad();
        var objective = Objective(network, shifted, layer);
        objective.Backward();
        using var _ = Autograd.NoGrad();
        var g = Roll(shifted.Grad!, -dy, -dx);
        float scale = (float)(stepSize / (g.Abs().Mean().Item() + 1e-8));
        return ((image.Detach() + g * scale).Clamp(0f, 1f), objective.Item());
    }

    /// <summary>Dreams on <paramref name="photo"/> [1, 3, H, W] in [0, 1] (H and W multiples of the network's <see cref="IImageFeatureNetwork.SizeMultiple"/>).</summary>
    /// <param name="network">The feature network.</param>
    /// <param name="photo">The photograph.</param>
    /// <param name="options">Layer, octaves, steps, jitter.</param>
    /// <param name="progress">Called after each step with the octave, the step and the objective (may be null).</param>
    /// <returns>The dreamt image and the objective before every step, in order.</returns>
    /// <exception cref="ArgumentException">An option is out of range or the layer is unknown.</exception>
    public static (Tensor Image, IReadOnlyList<double> Objectives) Dream(IImageFeatureNetwork network, Tensor photo, DeepDreamOptions options,
        Action<int, int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Random((int)options.Seed);
        int h = photo.Shape[2], w = photo.Shape[3], m = network.SizeMultiple;
        var sizes = Enumerable.Range(0, options.Octaves).Reverse()
            .Select(o => (H: RoundTo(h / Math.Pow(options.OctaveScale, o), m), W: RoundTo(w / Math.Pow(options.OctaveScale, o), m))).ToArray();
        var objectives = new List<double>();
        Tensor? detail = null;
        Tensor image = photo;
        for (int octave = 0; octave < sizes.Length; octave++)
        {
            var (oh, ow) = sizes[octave];
            Tensor baseImage;
            using (Autograd.NoGrad())
            {
                baseImage = oh == h && ow == w ? photo.Detach() : StyleImages.Resize(photo.Detach(), oh, ow);
                image = detail == null ? baseImage : (baseImage + detail.UpsampleBilinear(oh, ow)).Clamp(0f, 1f);
            }
            for (int step = 0; step < options.StepsPerOctave; step++)
            {
                int dy = options.Jitter == 0 ? 0 : rng.Next(-options.Jitter, options.Jitter + 1);
                int dx = options.Jitter == 0 ? 0 : rng.Next(-options.Jitter, options.Jitter + 1);
                (image, double objective) = Step(network, image, options.Layer, options.StepSize, dy, dx);
                objectives.Add(objective);
                progress?.Invoke(octave + 1, step + 1, objective);
            }
            using (Autograd.NoGrad()) detail = image - baseImage;
        }
        return (image, objectives);
    }

    /// <summary>Rolls images [N, C, H, W] by (dy, dx) pixels with wrap-around, like <c>torch.roll</c> on the last two axes.</summary>
    public static Tensor Roll(Tensor images, int dy, int dx)
    {
        ArgumentNullException.ThrowIfNull(images);
        return RollAxis(RollAxis(images, 2, dy), 3, dx);
    }

    private static Tensor RollAxis(Tensor x, int axis, int shift)
    {
        int n = x.Shape[axis];
        shift = ((shift % n) + n) % n;
        if (shift == 0) return x;
        return Tensor.Concat([x.Narrow(axis, n - shift, shift), x.Narrow(axis, 0, n - shift)], axis);
    }

    private static int RoundTo(double size, int multiple) => Math.Max(multiple, (int)Math.Round(size / multiple) * multiple);
}
