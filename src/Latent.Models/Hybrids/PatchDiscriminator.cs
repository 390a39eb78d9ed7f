using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>
/// The PatchGAN discriminator of pix2pix for small images: it sees an (input, output) pair stacked as channels and
/// returns one real-or-fake logit per patch instead of one per image, so it judges local texture and leaves the
/// global layout to the L1 term. Conv(2C→w, k4 s2 p1) → LeakyReLU 0.2 → Conv(w→2w, k4 s2 p1) → instance norm →
/// LeakyReLU 0.2 → Conv(2w→1, k3 s1 p1): a 7×7 map of logits for 28×28 images, each seeing a 22×22 patch.
/// </summary>
public sealed class PatchDiscriminator : Module
{
    private readonly Sequential _body;

    /// <summary>Creates the discriminator.</summary>
    /// <param name="channels">Channels of the input image and of the output image (each).</param>
    /// <param name="width">Channels of the first convolution.</param>
    /// <param name="gen">Initializes the weights.</param>
    public PatchDiscriminator(int channels, int width, Generator gen)
    {
        if (channels <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"PatchDiscriminator: channels {channels} and width {width} must be positive.");
        Channels = channels;
        _body = RegisterModule("body", new Sequential(
            new Conv2d(2 * channels, width, 4, gen, stride: 2, padding: 1), new LeakyRelu(0.2f),
            new Conv2d(width, 2 * width, 4, gen, stride: 2, padding: 1), new InstanceNorm2d(2 * width, affine: true), new LeakyRelu(0.2f),
            new Conv2d(2 * width, 1, 3, gen, padding: 1)));
    }

    /// <summary>Channels of each image of a pair.</summary>
    public int Channels { get; }

    /// <summary>Patch logits [N, 1, h, w] for inputs and outputs [N, C, H, W].</summary>
    /// <exception cref="ArgumentException">The two batches differ in shape or have the wrong channels.</exception>
    public Tensor Score(Tensor input, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Rank != 4 || input.Shape[1] != Channels || !input.Shape.SequenceEqual(output.Shape))
            throw new ArgumentException($"PatchDiscriminator: expected two batches [N, {Channels}, H, W] of one shape, got {Common.ShapeText.Format(input.Shape)} and {Common.ShapeText.Format(output.Shape)}.");
        return _body.Call(Tensor.Concat([input, output], 1));
    }

    /// <summary>Not used: a PatchGAN scores pairs; call <see cref="Score"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("PatchDiscriminator: call Score(input, output).");
}
