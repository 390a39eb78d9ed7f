using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Classifiers;

/// <summary>
/// An image classifier as a body (images → features, the penultimate layer) and a linear head (features → class
/// logits). Softmax regression has an identity body: its features are the flattened pixels.
/// </summary>
public sealed class ClassifierNetwork : Module
{
    /// <summary>Wraps a body of output width <paramref name="featureDim"/> and a head onto <paramref name="classes"/> logits.</summary>
    /// <param name="body">Inputs of <paramref name="inputShape"/> → features.</param>
    /// <param name="inputShape">The shape of one input, e.g. [1, 28, 28].</param>
    /// <param name="featureDim">The body's output width.</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="gen">Initialises the head.</param>
    public ClassifierNetwork(Sequential body, int[] inputShape, int featureDim, int classes, Generator gen)
    {
        InputShape = (int[])(inputShape ?? throw new ArgumentNullException(nameof(inputShape))).Clone();
        Body = RegisterModule("body", body ?? throw new ArgumentNullException(nameof(body)));
        Head = RegisterModule("head", new Linear(featureDim, classes, gen));
        FeatureDim = featureDim;
        Classes = classes;
    }

    /// <summary>The shape of one input.</summary>
    public int[] InputShape { get; }

    /// <summary>Images → features.</summary>
    public Sequential Body { get; }

    /// <summary>Features → logits.</summary>
    public Linear Head { get; }

    /// <summary>The width of the penultimate layer.</summary>
    public int FeatureDim { get; }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The class logits [B, K] of images [B, C, H, W].</summary>
    public override Tensor Forward(Tensor x) => Head.Forward(Body.Forward(x));

    /// <summary>The network of <paramref name="architecture"/> for images of <paramref name="imageShape"/> [C, H, W].</summary>
    /// <exception cref="ArgumentException">The CNN needs H and W divisible by 4.</exception>
    public static ClassifierNetwork Create(ClassifierArchitecture architecture, int[] imageShape, int classes, int[] hidden, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        int inputSize = ImageNetworks.InputSize(imageShape);
        switch (architecture)
        {
            case ClassifierArchitecture.Linear:
                return new ClassifierNetwork(new Sequential(new Flatten()), imageShape, inputSize, classes, gen);
            case ClassifierArchitecture.Mlp:
                var (body, width) = ImageNetworks.MlpBody(inputSize, hidden, gen);
                return new ClassifierNetwork(body, imageShape, width, classes, gen);
            default:
                if (imageShape.Length != 3 || imageShape[1] % 4 != 0 || imageShape[2] % 4 != 0)
                    throw new ArgumentException($"The CNN classifier needs images [C, H, W] with H and W divisible by 4, got {ShapeText.Format(imageShape)}.");
                var cnn = new Sequential(
                    new Conv2d(imageShape[0], 16, 3, gen, padding: 1), new BatchNorm2d(16), new Relu(), new MaxPool2d(2),
                    new Conv2d(16, 32, 3, gen, padding: 1), new BatchNorm2d(32), new Relu(), new MaxPool2d(2),
                    new Flatten(),
                    new Linear(32 * (imageShape[1] / 4) * (imageShape[2] / 4), 128, gen), new Relu());
                return new ClassifierNetwork(cnn, imageShape, 128, classes, gen);
        }
    }
}
