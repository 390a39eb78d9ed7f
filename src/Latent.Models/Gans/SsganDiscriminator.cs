using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The classifier of the semi-supervised GAN, after Salimans et al.'s MNIST network: Gaussian input noise, then per
/// hidden size Linear → LeakyReLU 0.2 → Gaussian noise, and a Linear layer to the K class logits (the fake class's
/// logit is the constant 0, see <see cref="SemiSupervisedGanLoss"/>). <see cref="Features"/> is the last hidden layer,
/// which feature matching compares. The same network trained on the labels alone is the baseline.
/// </summary>
public sealed class SsganDiscriminator : Module
{
    private readonly Sequential _body;
    private readonly Linear _classes;

    /// <summary>Creates the classifier.</summary>
    /// <param name="inputSize">Values per example (784 for Fashion-MNIST).</param>
    /// <param name="hidden">The hidden widths.</param>
    /// <param name="classes">K.</param>
    /// <param name="inputNoise">σ of the noise on the input.</param>
    /// <param name="hiddenNoise">σ of the noise after each hidden layer.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="noise">Draws the noise.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public SsganDiscriminator(int inputSize, int[] hidden, int classes, float inputNoise, float hiddenNoise, Generator gen, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (inputSize <= 0 || classes < 2 || hidden.Length == 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"SsganDiscriminator: needs a positive input size ({inputSize}), at least 2 classes ({classes}) and positive hidden widths ([{string.Join(", ", hidden)}]).");
        Classes = classes;
        _body = new Sequential(new Flatten(), new GaussianNoise(inputNoise, noise));
        int width = inputSize;
        foreach (int h in hidden)
        {
            _body.Add(new Linear(width, h, gen)).Add(new LeakyRelu(0.2f)).Add(new GaussianNoise(hiddenNoise, noise));
            width = h;
        }
        RegisterModule("body", _body);
        _classes = RegisterModule("classes", new Linear(width, classes, gen));
    }

    /// <summary>The number of real classes K (the fake class is the K + 1-th).</summary>
    public int Classes { get; }

    /// <summary>The last hidden layer [N, width].</summary>
    public Tensor Features(Tensor x) => _body.Call(x);

    /// <summary>The K class logits [N, K] from <see cref="Features"/>.</summary>
    public Tensor Logits(Tensor features) => _classes.Call(features);

    /// <summary>The K class logits [N, K] of a batch.</summary>
    public override Tensor Forward(Tensor x) => Logits(Features(x));
}
