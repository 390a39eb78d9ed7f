using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>
/// The PatchGAN discriminator of pix2pix for small images: it sees an (input, output) pair stacked as channels and
/// returns one real-or-fake logit per patch instead of one per image, so it judges local texture and leaves the
/// global layout to the L1 term. Conv(2C→w, k4 s2 p1) → LeakyReLU 0.2 → Conv(w→2w, k4 s2 p1) → instance norm →
/// LeakyReLU 0.2 → Conv(2w→1, k3 s1 p1): a 7×7 map of logits for 28×28 images, each seeing a 22×22 patch. An
/// unpaired discriminator (CycleGAN's) sees single images of C channels instead.
/// </summary>
public sealed class PatchDiscriminator : Module
{
    private readonly Sequential _body;

    /// <summary>Creates the discriminator.</summary>
    /// <param name="channels">Channels of the input image and of the output image (each).</param>
    /// <param name="width">Channels of the first convolution.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="paired">Whether it scores (input, output) pairs (pix2pix) or single images (CycleGAN).</param>
    public PatchDiscriminator(int channels, int width, Generator gen, bool paired = true)
    {
        if (channels <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"PatchDiscriminator: channels {channels} and width {width} must be positive.");
        Channels = channels;
        Paired = paired;
        _body = RegisterModule("body", new Sequential(
            new Conv2d(paired ? 2 * channels : channels, width, 4, gen, stride: 2, padding: 1), new LeakyRelu(0.2f),
            new Conv2d(width, 2 * width, 4, gen, stride: 2, padding: 1), new InstanceNorm2d(2 * width, affine: true), new LeakyRelu(0.2f),
            new Conv2d(2 * width, 1, 3, gen, padding: 1)));
    }

    /// <summary>Channels of each image of a pair.</summary>
    public int Channels { get; }

    /// <summary>Whether it scores pairs (see <see cref="Score(Tensor, Tensor)"/>) or single images (<see cref="Score(Tensor)"/>).</summary>
    public bool Paired { get; }

    /// <summary>Patch logits [N, 1, h, w] for inputs and outputs [N, C, H, W].</summary>
    /// <exception cref="ArgumentException">The two batches differ in shape or have the wrong channels.</exception>
    /// <exception cref="InvalidOperationException">The discriminator is unpaired.</exception>
    public Tensor Score(Tensor input, Tensor output)
    {
        if (!Paired) throw new InvalidOperationException("PatchDiscriminator: this discriminator scores single images; call Score(image).");
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Rank != 4 || input.Shape[1] != Channels || !input.Shape.SequenceEqual(output.Shape))
            throw new ArgumentException($"PatchDiscriminator: expected two batches [N, {Channels}, H, W] of one shape, got {Common.ShapeText.Format(input.Shape)} and {Common.ShapeText.Format(output.Shape)}.");
        return _body.Call(Tensor.Concat([input, output], 1));
    }

    /// <summary>Patch logits [N, 1, h, w] for single images [N, C, H, W] (an unpaired discriminator).</summary>
    /// <exception cref="ArgumentException">The images have the wrong channels.</exception>
    /// <exception cref="InvalidOperationException">The discriminator scores pairs.</exception>
    public Tensor Score(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Paired) throw new InvalidOperationException("PatchDiscriminator: this discriminator scores (input, output) pairs; call Score(input, output).");
        if (image.Rank != 4 || image.Shape[1] != Channels)
            throw new ArgumentException($"PatchDiscriminator: expected images [N, {Channels}, H, W], got {Common.ShapeText.Format(image.Shape)}.", nameof(image));
        return _body.Call(image);
    }

    /// <summary>The unpaired <see cref="Score(Tensor)"/>; a paired discriminator needs <see cref="Score(Tensor, Tensor)"/>.</summary>
    /// <exception cref="InvalidOperationException">The discriminator scores pairs.</exception>
    public override Tensor Forward(Tensor x) => Score(x);
}
