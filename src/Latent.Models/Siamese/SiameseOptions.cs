using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Siamese;

/// <summary>The objective a Siamese network is trained with.</summary>
public enum SiameseLoss
{
    /// <summary>Hadsell, Chopra &amp; LeCun's contrastive loss y·d² + (1 − y)·max(0, m − d)² on the Euclidean distance d.</summary>
    Contrastive,

    /// <summary>The lectures' cosine loss: ¼(1 − cos)² for similar pairs, cos² for dissimilar pairs whose cosine reaches the margin.</summary>
    Cosine,

    /// <summary>Koch et al.'s weighted L1 distance: σ(Σ αₖ|z₁ₖ − z₂ₖ| + b) trained by binary cross-entropy.</summary>
    Koch,

    /// <summary>The triplet loss max(0, d(a, p) − d(a, n) + m), the modern baseline (Schroff et al. 2015).</summary>
    Triplet,
}

/// <summary>Where the Siamese network's classes come from.</summary>
public enum SiameseDataset
{
    /// <summary>Fashion-MNIST: trained on the classes of <see cref="SiameseOptions.TrainClasses"/>, tested one-shot on the others.</summary>
    [OptionValue("fashion-mnist", "fmnist")]
    FashionMnist,

    /// <summary>The Hershey-font characters (<see cref="FontCharacters"/>): trained on lowercase, digits and signs, tested on the capitals.</summary>
    Fonts,
}

/// <summary>
/// The options of a Siamese network (F38): the loss and its margin, the embedding, pair sampling and the one-shot
/// evaluation on classes never seen in training. The defaults train the contrastive network on 6 Fashion-MNIST
/// classes for 3 epochs and test it 4-way on the other 4.
/// </summary>
public sealed record SiameseOptions : ModelOptions
{
    /// <summary>The family's defaults: 3 epochs in batches of 64.</summary>
    public SiameseOptions()
    {
        Epochs = 3;
        BatchSize = 64;
    }

    /// <summary>The loss.</summary>
    [Option("loss", "training objective: contrastive, cosine, koch (weighted L1 + sigmoid + BCE) or triplet")]
    public SiameseLoss Loss { get; init; } = SiameseLoss.Contrastive;

    /// <summary>The margin; null takes the loss's own default (<see cref="DefaultMargin"/>).</summary>
    [Option("margin", "margin of the loss (default: 1 contrastive, 0.5 cosine, 0.5 triplet; koch has none)")]
    public double? Margin { get; init; }

    /// <summary>The width of the embedding.</summary>
    [Option("embedding-dim", "width of the embedding")]
    public int EmbeddingDim { get; init; } = 32;

    /// <summary>Output channels of the embedding's conv blocks (each conv3x3, batch norm, ReLU, max-pool 2).</summary>
    [Option("channels", "output channels of the embedding's conv blocks (each conv3x3-BN-ReLU-maxpool2), comma-separated")]
    public int[] Channels { get; init; } = [16, 32];

    /// <summary>Units of the embedding's hidden fully connected layer.</summary>
    [Option("hidden", "units of the embedding's hidden fully connected layer")]
    public int Hidden { get; init; } = 128;

    /// <summary>Apply Koch et al.'s random affine distortions (<see cref="AffineDistortion"/>) to the training images.</summary>
    [Option("distort", "distort training images by Koch's random affine maps (rotation, shear, scale, shift, each with probability 1/2)")]
    public bool Distort { get; init; } = true;

    /// <summary>The data set.</summary>
    [Option("dataset", "fashion-mnist (train on --train-classes, test on the others) or fonts (Hershey characters: train on lowercase, digits and signs, test on capitals)")]
    public SiameseDataset Dataset { get; init; } = SiameseDataset.FashionMnist;

    /// <summary>The Fashion-MNIST classes trained on; the others are the one-shot test classes.</summary>
    [Option("train-classes", "Fashion-MNIST classes 0-9 trained on, comma-separated (the others are tested one-shot)")]
    public string TrainClasses { get; init; } = "0,1,2,3,4,5";

    /// <summary>The classes of <see cref="TrainClasses"/> as numbers.</summary>
    /// <exception cref="ArgumentException">An entry is not a class number 0-9, or one repeats.</exception>
    public int[] TrainClassList()
    {
        var entries = TrainClasses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var classes = entries.Select(e => int.TryParse(e, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c) && c <= 9 ? c : -1).ToArray();
        Require(classes.Length >= 2 && classes.All(c => c >= 0) && classes.Distinct().Count() == classes.Length,
            $"Option --train-classes must list at least 2 distinct Fashion-MNIST classes 0-9 separated by commas, got \"{TrainClasses}\".");
        return classes;
    }

    /// <summary>Dissimilar pairs per similar pair (the lectures suggest between 2 and 10 in practice; 1 is balanced).</summary>
    [Option("negatives", "dissimilar pairs per similar pair (1: balanced)")]
    public int Negatives { get; init; } = 1;

    /// <summary>Take the hardest dissimilar partners in the batch (the most similar under the current embedding) instead of random ones.</summary>
    [Option("hard-negatives", "mine the hardest dissimilar partners in each batch instead of random ones")]
    public bool HardNegatives { get; init; }

    /// <summary>The N of the N-way one-shot evaluation; null takes 4 for Fashion-MNIST and 5 and 20 for the fonts.</summary>
    [Option("ways", "N of the N-way one-shot evaluation, comma-separated (default: 4 for fashion-mnist, 5,20 for fonts)")]
    public int[]? Ways { get; init; }

    /// <summary>One-shot episodes per N.</summary>
    [Option("episodes", "one-shot episodes per N")]
    public int Episodes { get; init; } = 500;

    /// <summary>Random whole-pixel shifts of up to this many pixels applied to training images before any distortion (0: none; Koch's distortions shift by up to 2 already).</summary>
    [Option("max-shift", "random whole-pixel shift of training images before --distort, in pixels (0: none)")]
    public int MaxShift { get; init; }

    /// <summary>The folder with the Hershey <c>.jhf</c> fonts.</summary>
    [Option("font-dir", "folder with the Hershey .jhf fonts (Debian hershey-fonts-data)")]
    public string FontDir { get; init; } = HersheyFont.DefaultDirectory;

    /// <summary>The margin of <paramref name="loss"/> when none is given.</summary>
    public static double DefaultMargin(SiameseLoss loss) => loss switch
    {
        SiameseLoss.Contrastive => 1.0,
        SiameseLoss.Cosine => 0.5,
        SiameseLoss.Triplet => 0.5,
        _ => 0.0,
    };

    /// <summary>The margin in use: <see cref="Margin"/> or the loss's default.</summary>
    public double EffectiveMargin => Margin ?? DefaultMargin(Loss);

    /// <summary>The N of the evaluation in use: <see cref="Ways"/> or the data set's default.</summary>
    public int[] EffectiveWays => Ways ?? (Dataset == SiameseDataset.Fonts ? [5, 20] : [4]);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(EmbeddingDim >= 2, $"Option --embedding-dim must be at least 2, got {EmbeddingDim}.");
        Require(Margin is null || (Margin > 0 && (Loss != SiameseLoss.Cosine || Margin <= 1)),
            $"Option --margin must be positive{(Loss == SiameseLoss.Cosine ? " and at most 1 for the cosine loss" : "")}, got {Margin}.");
        int held = 10 - TrainClassList().Length;
        Require(Negatives >= 1, $"Option --negatives must be at least 1, got {Negatives}.");
        Require(Episodes >= 1, $"Option --episodes must be at least 1, got {Episodes}.");
        Require(Channels.Length is >= 1 and <= 4, $"Option --channels must list 1 to 4 conv blocks (28x28 images allow four poolings), got {Channels.Length}.");
        Require(Hidden >= 1, $"Option --hidden must be at least 1, got {Hidden}.");
        Require(MaxShift is >= 0 and <= 8, $"Option --max-shift must lie in 0-8 pixels, got {MaxShift}.");
        Require(EffectiveWays.All(n => n >= 2), $"Option --ways must list N of at least 2, got [{string.Join(", ", EffectiveWays)}].");
        if (Dataset == SiameseDataset.FashionMnist)
            Require(EffectiveWays.All(n => n <= held),
                $"Option --ways: {held} Fashion-MNIST classes are held out, too few for [{string.Join(", ", EffectiveWays)}]-way trials.");
    }
}
