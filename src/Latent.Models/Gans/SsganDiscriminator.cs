using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The classifier of the semi-supervised GAN, after Salimans et al.'s MNIST network (their improved-GAN code): the
/// images, given in [−1, 1], are mapped to [0, 1] as that network reads them; Gaussian input noise; then per hidden
/// size a (weight-normalized) Linear → ReLU → Gaussian noise; and a (weight-normalized) Linear layer to the K class
/// logits (the fake class's logit is the constant 0, see <see cref="SemiSupervisedGanLoss"/>). <see cref="Features"/>
/// is the last hidden layer before its noise, which feature matching compares. The same network trained on the
/// labels alone is the baseline.
/// </summary>
public sealed class SsganDiscriminator : Module
{
    private readonly Sequential _body;
    private readonly GaussianNoise _featureNoise;
    private readonly Module _classes;

    /// <summary>Creates the classifier.</summary>
    /// <param name="inputSize">Values per example (784 for Fashion-MNIST).</param>
    /// <param name="hidden">The hidden widths.</param>
    /// <param name="classes">K.</param>
    /// <param name="inputNoise">σ of the noise on the input (on the [0, 1] scale).</param>
    /// <param name="hiddenNoise">σ of the noise after each hidden layer.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="noise">Draws the noise.</param>
    /// <param name="weightNorm">Whether every Linear layer is weight-normalized (<see cref="WeightNorm"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public SsganDiscriminator(int inputSize, int[] hidden, int classes, float inputNoise, float hiddenNoise, Generator gen, Generator noise,
        bool weightNorm = true)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (inputSize <= 0 || classes < 2 || hidden.Length == 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"SsganDiscriminator: needs a positive input size ({inputSize}), at least 2 classes ({classes}) and positive hidden widths ([{string.Join(", ", hidden)}]).");
        Classes = classes;
        Module Dense(int input, int output) => weightNorm ? new WeightNorm(new Linear(input, output, gen)) : new Linear(input, output, gen);
        _body = new Sequential(new Flatten(), new GaussianNoise(inputNoise, noise));
        int width = inputSize;
        for (int i = 0; i < hidden.Length; i++)
        {
            if (i > 0) _body.Add(new GaussianNoise(hiddenNoise, noise));
            _body.Add(Dense(width, hidden[i])).Add(new Relu());
            width = hidden[i];
        }
        RegisterModule("body", _body);
        _featureNoise = RegisterModule("feature_noise", new GaussianNoise(hiddenNoise, noise));
        _classes = RegisterModule("classes", Dense(width, classes));
    }

    /// <summary>The number of real classes K (the fake class is the K + 1-th).</summary>
    public int Classes { get; }

    /// <summary>The last hidden layer [N, width] of images in [−1, 1], before its noise.</summary>
    public Tensor Features(Tensor x) => _body.Call((x + 1f) * 0.5f);

    /// <summary>The K class logits [N, K] from <see cref="Features"/> (noise is added to them first in training mode).</summary>
    public Tensor Logits(Tensor features) => _classes.Call(_featureNoise.Call(features));

    /// <summary>The K class logits [N, K] of a batch in [−1, 1].</summary>
    public override Tensor Forward(Tensor x) => Logits(Features(x));
}
