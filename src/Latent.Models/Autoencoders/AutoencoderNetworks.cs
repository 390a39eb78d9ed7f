using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>Encoder/decoder pairs for autoencoders: MLPs over flattened inputs, and a linear pair (the PCA case).</summary>
public static class AutoencoderNetworks
{
    /// <summary>
    /// An MLP pair: encoder Flatten → [Linear → ReLU] per hidden size → Linear → code activation; decoder the mirror
    /// image, Linear → ReLU per hidden size (reversed) → Linear → (optional sigmoid) → reshape to <paramref name="inputShape"/>.
    /// </summary>
    /// <param name="inputShape">One example's shape, e.g. [1, 28, 28].</param>
    /// <param name="hidden">Hidden layer sizes from input to code (may be empty).</param>
    /// <param name="latentDim">The code size (larger than the input for an overcomplete model).</param>
    /// <param name="code">The code nonlinearity.</param>
    /// <param name="gen">The initialization generator.</param>
    /// <param name="sigmoidOutput">End the decoder with a sigmoid (squared error on data in [0, 1]); leave false for logits.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public static (Sequential Encoder, Sequential Decoder) Mlp(int[] inputShape, int[] hidden, int latentDim, CodeActivation code,
        Generator gen, bool sigmoidOutput = false)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(hidden);
        int inputSize = InputSize(inputShape);
        if (latentDim <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"Mlp autoencoder: sizes must be positive (latent {latentDim}, hidden [{string.Join(", ", hidden)}]).");
        var (encoder, width) = MlpBody(inputSize, hidden, gen);
        encoder.Add(new Linear(width, latentDim, gen)).Add(CodeActivations.Create(code));
        return (encoder, MlpDecoder(inputShape, hidden, latentDim, gen, sigmoidOutput));
    }

    /// <summary>Flatten → [Linear → ReLU] per hidden size; also returns the width it ends with.</summary>
    internal static (Sequential Body, int Width) MlpBody(int inputSize, int[] hidden, Generator gen)
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
    internal static Sequential MlpDecoder(int[] inputShape, int[] hidden, int latentDim, Generator gen, bool sigmoidOutput = false)
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
    /// A convolutional pair for images [C, H, W] with H and W divisible by 4: encoder
    /// <see cref="ConvBody"/> → Linear → code activation; decoder <see cref="ConvDecoder"/>.
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder) Conv(int[] inputShape, int latentDim, CodeActivation code, Generator gen,
        bool sigmoidOutput = false)
    {
        var (body, features) = ConvBody(inputShape, gen);
        body.Add(new Linear(features, latentDim, gen)).Add(CodeActivations.Create(code));
        return (body, ConvDecoder(inputShape, latentDim, gen, sigmoidOutput));
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

    private static (int C, int H, int W) ImageShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 3 || shape.Any(s => s <= 0) || shape[1] % 4 != 0 || shape[2] % 4 != 0)
            throw new ArgumentException($"Convolutional networks need images [C, H, W] with H and W divisible by 4, got {LatentSpace.ShapeText.Format(shape)}.", nameof(shape));
        return (shape[0], shape[1], shape[2]);
    }

    /// <summary>
    /// The linear autoencoder x ↦ W₂(W₁x + b₁) + b₂ with k hidden units: trained with squared error its decoder
    /// columns span the top-k principal subspace of the data (Baldi and Hornik, 1989).
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder) Linear(int[] inputShape, int latentDim, Generator gen)
        => Mlp(inputShape, [], latentDim, CodeActivation.Identity, gen);

    /// <summary>The number of values of one example.</summary>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive size.</exception>
    public static int InputSize(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0 || inputShape.Any(s => s <= 0))
            throw new ArgumentException($"Input shape {LatentSpace.ShapeText.Format(inputShape)} must be non-empty and positive.", nameof(inputShape));
        return inputShape.Aggregate(1, (a, b) => a * b);
    }
}
