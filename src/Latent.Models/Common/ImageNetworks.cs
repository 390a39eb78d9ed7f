using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// The network bodies that the image models of several families share: an MLP body and its mirror-image decoder, and
/// a two-layer strided convolutional body and its transposed-convolution decoder.
/// </summary>
public static class ImageNetworks
{
    /// <summary>Flatten → [Linear → ReLU] per hidden size; also returns the width it ends with.</summary>
    public static (Sequential Body, int Width) MlpBody(int inputSize, int[] hidden, Generator gen)
    {
        var body = new Sequential(new Flatten());
        int width = inputSize;
        foreach (int h in hidden)
        {
            body.Add(new Linear(width, h, gen)).Add(new Relu());
            width = h;
        }
        return (body, width);
    }

    /// <summary>[Linear → ReLU] per hidden size (reversed) → Linear (→ Sigmoid) → reshape to <paramref name="inputShape"/>.</summary>
    public static Sequential MlpDecoder(int[] inputShape, int[] hidden, int latentDim, Generator gen, bool sigmoidOutput = false)
    {
        var decoder = new Sequential();
        int width = latentDim;
        foreach (int h in hidden.Reverse())
        {
            decoder.Add(new Linear(width, h, gen)).Add(new Relu());
            width = h;
        }
        decoder.Add(new Linear(width, InputSize(inputShape), gen));
        if (sigmoidOutput) decoder.Add(new Sigmoid());
        decoder.Add(new Unflatten(1, inputShape));
        return decoder;
    }

    /// <summary>
    /// The convolutional feature extractor Conv(C→32, k4 s2 p1) → ReLU → Conv(32→64, k4 s2 p1) → ReLU → Flatten,
    /// halving the resolution twice; returns it with its output size 64·(H/4)·(W/4).
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not [C, H, W] with H and W divisible by 4.</exception>
    public static (Sequential Body, int Features) ConvBody(int[] inputShape, Generator gen)
    {
        var (c, h, w) = ImageShape(inputShape);
        var body = new Sequential(
            new Conv2d(c, 32, 4, gen, stride: 2, padding: 1), new Relu(),
            new Conv2d(32, 64, 4, gen, stride: 2, padding: 1), new Relu(),
            new Flatten());
        return (body, 64 * (h / 4) * (w / 4));
    }

    /// <summary>
    /// The mirror of <see cref="ConvBody"/>: Linear(d → 64·H/4·W/4) → ReLU → reshape → ConvT(64→32, k4 s2 p1) → ReLU →
    /// ConvT(32→C, k4 s2 p1) (→ sigmoid), producing [B, C, H, W].
    /// </summary>
    public static Sequential ConvDecoder(int[] inputShape, int latentDim, Generator gen, bool sigmoidOutput = false)
    {
        var (c, h, w) = ImageShape(inputShape);
        var decoder = new Sequential(
            new Linear(latentDim, 64 * (h / 4) * (w / 4), gen), new Relu(),
            new Unflatten(1, 64, h / 4, w / 4),
            new ConvTranspose2d(64, 32, 4, gen, stride: 2, padding: 1), new Relu(),
            new ConvTranspose2d(32, c, 4, gen, stride: 2, padding: 1));
        if (sigmoidOutput) decoder.Add(new Sigmoid());
        return decoder;
    }

    /// <summary>The number of values of one example.</summary>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive size.</exception>
    public static int InputSize(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0 || inputShape.Any(s => s <= 0))
            throw new ArgumentException($"Input shape {ShapeText.Format(inputShape)} must be non-empty and positive.", nameof(inputShape));
        return inputShape.Aggregate(1, (a, b) => a * b);
    }

    private static (int C, int H, int W) ImageShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 3 || shape.Any(s => s <= 0) || shape[1] % 4 != 0 || shape[2] % 4 != 0)
            throw new ArgumentException($"Convolutional networks need images [C, H, W] with H and W divisible by 4, got {ShapeText.Format(shape)}.", nameof(shape));
        return (shape[0], shape[1], shape[2]);
    }
}
