using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>
/// The semi-supervised GAN on Fashion-MNIST (Salimans et al. 2016): a K+1-class discriminator trained on a few
/// labelled images and all the unlabelled ones, and a feature-matching generator. With <see cref="LabelsOnly"/> the
/// same classifier is trained on the labelled images alone (the baseline).
/// </summary>
public sealed record SsganOptions : ModelOptions
{
    /// <summary>Adam 3e-4 with β₁ = 0.5 (Salimans et al.), batches of 100, 20 epochs.</summary>
    public SsganOptions()
    {
        LearningRate = 3e-4;
        BatchSize = 100;
        Epochs = 20;
    }

    /// <summary>Labelled training images, the same number from each class.</summary>
    [Option("labels", "labelled training images, the same number per class (e.g. 100 or 1000)")]
    public int Labels { get; init; } = 100;

    /// <summary>Labelled images in each step's supervised batch (drawn with replacement from the labelled set).</summary>
    [Option("labelled-batch", "labelled images per step, drawn from the labelled set")]
    public int LabelledBatch { get; init; } = 100;

    /// <summary>Train the classifier on the labelled images alone, without the generator (the baseline).</summary>
    [Option("labels-only", "baseline: train the same classifier on the labelled images alone")]
    public bool LabelsOnly { get; init; }

    /// <summary>
    /// The weight w of the unsupervised real-vs-fake term; 0.5 as in Salimans et al.'s code, whose unlabelled loss is
    /// the mean of the real and the fake term.
    /// </summary>
    [Option("unsupervised-weight", "weight of the unsupervised real-vs-fake term")]
    public double UnsupervisedWeight { get; init; } = 0.5;

    /// <summary>The classifier's hidden widths.</summary>
    [Option("d-hidden", "hidden widths of the classifier (Salimans et al.'s MNIST network: 1000,500,250,250,250)")]
    public int[] DiscriminatorHidden { get; init; } = [1000, 500, 250, 250, 250];

    /// <summary>Whether the classifier's Linear layers are weight-normalized, as in Salimans et al.</summary>
    [Option("weight-norm", "weight-normalize the classifier's layers (on by default; --weight-norm false for plain Linear layers)")]
    public bool WeightNorm { get; init; } = true;

    /// <summary>The share of the run's last steps over which both learning rates fall linearly to 0.</summary>
    [Option("lr-decay", "share of the run's last steps over which the learning rates fall linearly to 0 (0: constant)")]
    public double LrDecay { get; init; } = 1.0 / 3;

    /// <summary>The generator's hidden widths.</summary>
    [Option("g-hidden", "hidden widths of the generator")]
    public int[] GeneratorHidden { get; init; } = [500, 500];

    /// <summary>The size of z.</summary>
    [Option("latent-dim", "size of z")]
    public int LatentDim { get; init; } = 100;

    /// <summary>σ of the Gaussian noise on the classifier's input, on the [0, 1] pixel scale.</summary>
    [Option("input-noise", "std of the Gaussian noise on the classifier's input (pixels in [0, 1])")]
    public float InputNoise { get; init; } = 0.3f;

    /// <summary>σ of the Gaussian noise after each hidden layer of the classifier.</summary>
    [Option("hidden-noise", "std of the Gaussian noise after each hidden layer of the classifier")]
    public float HiddenNoise { get; init; } = 0.5f;

    /// <summary>Adam's β₁.</summary>
    [Option("beta1", "Adam beta1")]
    public double Beta1 { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Labels >= 10, $"Option --labels must be at least 10 (one per class), got {Labels}.");
        Require(LabelledBatch >= 1, $"Option --labelled-batch must be at least 1, got {LabelledBatch}.");
        Require(UnsupervisedWeight >= 0, $"Option --unsupervised-weight must not be negative, got {UnsupervisedWeight}.");
        Require(DiscriminatorHidden.Length > 0 && DiscriminatorHidden.All(h => h > 0), "Option --d-hidden needs positive widths.");
        Require(GeneratorHidden.Length > 0 && GeneratorHidden.All(h => h > 0), "Option --g-hidden needs positive widths.");
        Require(LatentDim >= 1, $"Option --latent-dim must be at least 1, got {LatentDim}.");
        Require(LrDecay is >= 0 and <= 1, $"Option --lr-decay must be in [0, 1], got {LrDecay}.");
        Require(InputNoise >= 0 && HiddenNoise >= 0, "Options --input-noise and --hidden-noise must not be negative.");
    }
}
